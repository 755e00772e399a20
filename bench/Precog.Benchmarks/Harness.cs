using System.Diagnostics;
using System.Text.Json.Serialization;
using Npgsql;

namespace Precog.Benchmarks;

/// <summary>How big and how often: the full run and the quick one (--quick, under 3 minutes).</summary>
public sealed record BenchOptions(bool Quick, int Warmups, int Runs, string AdminConnectionString, string Output);

/// <summary>One measurement of a scenario: the rate and the work it counted (so a run that skipped work is visible).</summary>
public sealed record Sample(double Rate, long Work, TimeSpan Elapsed);

/// <summary>The medians of several runs of one series (scenario or baseline).</summary>
public sealed record Series(string Name, string Unit, double Median, double Min, double Max, IReadOnlyList<double> Samples);

/// <summary>A metric as written to latest.json: the scenario, its baseline from the same run, and the ratio of their medians.</summary>
public sealed record MetricResult(
    string Metric, string Description, Series Value, Series? Baseline, double? Ratio, IReadOnlyDictionary<string, object> Work)
{
    /// <summary>More than one figure per run (latency percentiles, bytes per kind of actor), written beside the series.</summary>
    public IReadOnlyDictionary<string, object>? Details { get; init; }

    [JsonIgnore]
    public string RatioText => Ratio is { } r ? r.ToString(r >= 0.001 ? "0.000" : "0.00E+0", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}

public static class Harness
{
    /// <summary>Runs <paramref name="run"/> warmups + runs times; the warm-ups are discarded.</summary>
    public static async Task<Series> MeasureAsync(string name, string unit, BenchOptions o, Func<int, Task<Sample>> run)
    {
        for (var w = 0; w < o.Warmups; w++)
        {
            var s = await run(-1 - w);
            Log($"  {name} warm-up: {s.Rate:N0} {unit} ({s.Work:N0} in {s.Elapsed.TotalSeconds:0.00}s)");
        }
        var rates = new List<double>();
        for (var i = 0; i < o.Runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var s = await run(i);
            Log($"  {name} run {i + 1}/{o.Runs}: {s.Rate:N0} {unit} ({s.Work:N0} in {s.Elapsed.TotalSeconds:0.00}s)");
            rates.Add(s.Rate);
        }
        return Summarize(name, unit, rates);
    }

    public static Series Summarize(string name, string unit, List<double> rates)
    {
        var sorted = rates.OrderBy(r => r).ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return new Series(name, unit, Math.Round(median, 1), Math.Round(sorted[0], 1), Math.Round(sorted[^1], 1), rates.Select(r => Math.Round(r, 1)).ToArray());
    }

    public static Sample Rate(long work, Stopwatch sw) => new(work / sw.Elapsed.TotalSeconds, work, sw.Elapsed);

    public static void Log(string line) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
}

/// <summary>A database of its own for one scenario, dropped at the end.</summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name = $"precog_bench_{Guid.NewGuid():N}";

    private ScratchDatabase(string admin) => _admin = admin;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_admin) { Database = _name, MaxPoolSize = 40 }.ConnectionString;

    public static async Task<ScratchDatabase> CreateAsync(string admin)
    {
        var db = new ScratchDatabase(admin);
        await using var c = new NpgsqlConnection(admin);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {db._name}", c);
        await cmd.ExecuteNonQueryAsync();
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(_admin);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", c);
        // FORCE cannot end an autovacuum worker that just started on the database (42501): it ends by
        // itself, so the drop is tried again a few times (as tests/Shared/Postgres does).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await cmd.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
            catch (PostgresException e)
            {
                Harness.Log($"could not drop {_name}: {e.MessageText}");
                return;
            }
        }
    }
}
