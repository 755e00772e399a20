using System.Globalization;
using System.Text.Json;
using Precog.Benchmarks;
using Precog.Benchmarks.Rig;

// The benchmark harness (issue 10). Usage: Precog.Benchmarks [--quick] [--out FILE] [--only METRIC]
// PRECOG_BENCH_POSTGRES holds an admin-capable connection string (scripts/bench.sh sets it from
// scripts/postgres.sh); each scenario makes a database of its own and drops it.
// Precog.Benchmarks --check FILE [--mode quick|full] only reads a results file and says whether it is well-formed and
// complete (CI's smoke run, scripts/bench-smoke.sh): exit 0, or 1 naming every problem.
if (Arg("--check") is { } checkFile)
{
    var problems = ResultsCheck.Problems(checkFile, Arg("--mode"));
    foreach (var p in problems) Console.Error.WriteLine($"{checkFile}: {p}");
    if (problems.Count == 0) Harness.Log($"{checkFile}: well-formed, every metric of issue 10 with its samples and baselines");
    return problems.Count == 0 ? 0 : 1;
}
var quick = args.Contains("--quick");
var output = Arg("--out") ?? Path.Combine("bench", "results", "latest.json");
var only = Arg("--only");
var admin = Environment.GetEnvironmentVariable("PRECOG_BENCH_POSTGRES");
if (string.IsNullOrWhiteSpace(admin))
{
    Console.Error.WriteLine("PRECOG_BENCH_POSTGRES is not set: run scripts/bench.sh, which starts PostgreSQL and sets it");
    return 2;
}
var options = new BenchOptions(quick, Warmups: 1, Runs: 3, admin, output);
Harness.Log($"mode {(quick ? "quick" : "full")}: {options.Warmups} warm-up + {options.Runs} runs per series");

var started = DateTimeOffset.UtcNow;
var metrics = new List<MetricResult>();
// --only takes one metric or several, comma-separated (a family name such as quote_pipeline_rate takes all its providers)
var wanted = only?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
bool Wanted(string m) => wanted is null || wanted.Contains(m);

if (Wanted("scd_writer_rate"))
    metrics.Add(await ScdWriterBench.RunAsync(options));

if (Wanted("raw_persist_rate"))
{
    var persist = await PersistBench.RunAsync(options);
    metrics.Add(new MetricResult("raw_persist_rate",
        $"events/s persisted by {PersistBench.Actors} bare Akka.Persistence.Sql actors on PostgreSQL (one Persist at a time each)",
        persist, null, null, new Dictionary<string, object> { ["actors"] = PersistBench.Actors }));
}

if (Wanted("backtest_rate"))
    metrics.Add(await BacktestBench.RunAsync(options));

foreach (var provider in new[] { JournalProvider.InMemory, JournalProvider.Sqlite, JournalProvider.PostgreSql })
    if (Wanted("quote_pipeline_rate") || Wanted($"quote_pipeline_rate.{ScratchJournal.Name(provider)}"))
        metrics.Add(await QuotePipelineBench.RunAsync(options, provider));

if (Wanted("exit_latency"))
    metrics.Add(await ExitLatencyBench.RunAsync(options));

if (Wanted("recovery_time"))
    metrics.Add(await RecoveryBench.RunAsync(options));

if (Wanted("actor_memory"))
    metrics.AddRange(await ActorMemoryBench.RunAsync(options));

if (Wanted("pure_rules"))
    metrics.AddRange(PureRulesBench.Run(options));

// every metric of issue 10 has its scenario; the list stays in the JSON so a reader sees that nothing is missing
var notBuilt = Array.Empty<object>();

var report = new
{
    generated_at = started.ToString("O", CultureInfo.InvariantCulture),
    duration_seconds = Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds, 1),
    mode = quick ? "quick" : "full",
    warmups = options.Warmups,
    runs = options.Runs,
    machine = new
    {
        processors = Environment.ProcessorCount,
        memory_gib = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        postgres = await ScdWriterBench.CountAsync(admin, "SELECT current_setting('server_version_num')::bigint"),
    },
    metrics = metrics.ToDictionary(m => m.Metric, m => new
    {
        description = m.Description,
        unit = m.Value.Unit,
        median = m.Value.Median,
        min = m.Value.Min,
        max = m.Value.Max,
        samples = m.Value.Samples,
        baseline = m.Baseline is { } b ? new { name = b.Name, unit = b.Unit, median = b.Median, min = b.Min, max = b.Max, samples = b.Samples } : null,
        baseline_median = m.Baseline?.Median,
        ratio = m.Ratio,
        work = m.Work,
        details = m.Details,
    }),
    not_built = notBuilt,
};

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
Harness.Log($"wrote {output}");
foreach (var m in metrics)
    Console.WriteLine($"{m.Metric,-20} median {m.Value.Median,14:N0} {m.Value.Unit,-9} min {m.Value.Min:N0} max {m.Value.Max:N0}" +
        (m.Baseline is { } b ? $"   baseline {b.Name} {b.Median:N0} {b.Unit}   ratio {m.RatioText}" : ""));
return 0;

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
