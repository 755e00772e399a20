using System.CommandLine;
using System.Globalization;
using Precog.Backtest.Replay;
using Precog.Backtest.Reports;
using Precog.Backtest.Tapes;
using Precog.Domain.Models;
using Precog.Domain.Strategies;
using Precog.Persistence;
using Spectre.Console;

namespace Precog.Cli;

/// <summary>
/// `precog backtest`: replays a tape through the engine's own actors on the virtual clock, then writes
/// DIR/summary.json and DIR/report.html.
/// </summary>
public static class BacktestCommand
{
    /// <summary>The strategy versions known by name, with their minimum edge (NAME:VERSION:MIN_EDGE gives any other).</summary>
    public static readonly IReadOnlyDictionary<string, decimal> KnownStrategies = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["nfl_value:v1.0"] = 0.05m,
        ["nfl_value:v1.1"] = 0.08m,
        ["nfl_value:v1.2"] = 0.10m,
    };

    public const string DatabaseFile = "backtest.db";

    public static Command Build(CliConsole console)
    {
        var tape = new Option<string>("--tape") { Description = "The tape to replay", Required = true };
        var strategies = new Option<string[]>("--strategy")
        {
            Description = $"A strategy version NAME:VERSION (known: {string.Join(", ", KnownStrategies.Keys)}) or NAME:VERSION:MIN_EDGE, priced by --model "
                + "or by the model version it names after @ (NAME:VERSION@MODEL:VERSION); repeat for more; the first two are A/B-tested",
            Required = true, AllowMultipleArgumentsPerToken = false,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the venue and the ids (same tape and seed, same run)", DefaultValueFactory = _ => 1 };
        var db = new Option<string?>("--db") { Description = $"The database (PostgreSQL connection string or SQLite file); default: a fresh DIR/{DatabaseFile}" };
        var report = new Option<string>("--report") { Description = "Folder for summary.json, report.html, the database and the log", Required = true };
        var model = new Option<string?>("--model") { Description = $"The model version a strategy prices with unless it names one after @, NAME:VERSION (known: {string.Join(", ", BacktestModels.Known.Keys)}; default {BacktestModels.Default.Name}:{BacktestModels.Default.Version})" };
        var from = new Option<string?>("--from") { Description = "Only markets listed on or after this day (YYYY-MM-DD, UTC)" };
        var to = new Option<string?>("--to") { Description = "Only markets listed on or before this day (YYYY-MM-DD, UTC)" };
        var ab = new Option<string>("--ab")
        {
            Description = "How the first two versions are compared: side-by-side (each sees every market) or split (each market goes to one by a draw seeded by --seed)",
            DefaultValueFactory = _ => "side-by-side",
        };
        var command = new Command("backtest", "Replay a tape through the engine on virtual time and report") { tape, strategies, model, from, to, seed, ab, db, report };
        command.SetAction(async (r, ct) =>
        {
            var dir = Path.GetFullPath(r.GetValue(report)!);
            var chosen = r.GetValue(model) is { } spec
                ? BacktestModels.Find(spec, out var modelError) ?? throw new CliInputException(modelError!)
                : BacktestModels.Default;
            var versions = r.GetValue(strategies)!.Select(v => Strategy(v, chosen.Label)).ToList();
            if (versions.Select(v => v.Label).Distinct().Count() != versions.Count) throw new CliInputException("--strategy: a version is given twice");
            var mode = r.GetValue(ab) switch
            {
                "side-by-side" => AbMode.SideBySide,
                "split" => AbMode.Split,
                var other => throw new CliInputException($"--ab '{other}' is not side-by-side or split"),
            };
            if (mode == AbMode.Split && versions.Count < 2) throw new CliInputException("--ab split needs two --strategy versions to split the markets between");
            var (fromDay, toDay) = (Day(r.GetValue(from), "--from"), Day(r.GetValue(to), "--to"));
            Tape read;
            try
            {
                read = TapeWindow.Slice(TapeReader.Read(r.GetValue(tape)!), fromDay, toDay);
            }
            catch (ArgumentException e)
            {
                throw new CliInputException(e.Message);
            }
            Directory.CreateDirectory(dir);
            DatabaseTarget target;
            if (r.GetValue(db) is { } conn) target = DatabaseTarget.Parse(conn);
            else
            {
                var file = Path.Combine(dir, DatabaseFile);
                foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f); // a replay starts from an empty journal
                target = DatabaseTarget.Sqlite(file);
            }
            var options = new BacktestOptions(read, versions, r.GetValue(seed), target, dir) { Model = chosen, Ab = mode };
            BacktestResult result;
            try
            {
                result = await RunWithProgress(console, options, ct);
            }
            catch (TapeReplayException e)
            {
                throw new CliInputException($"--tape {r.GetValue(tape)}: {e.Message}");
            }
            var summary = await BacktestSummary.ReadAsync(result, ct);
            ReportWriter.Write(summary, dir);
            Print(console, summary);
            return PrecogCli.Ok;
        });
        return command;
    }

    private static DateOnly? Day(string? text, string option)
    {
        if (text is null) return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new CliInputException($"{option} '{text}' is not a date YYYY-MM-DD");
    }

    /// <summary>
    /// NAME:VERSION (a known version) or NAME:VERSION:MIN_EDGE, priced by <paramref name="model"/> (default: the node's model),
    /// or by the known model version it names after @ (NAME:VERSION@MODEL:VERSION): two versions of a model compared in one run.
    /// </summary>
    public static StrategyDefinition Strategy(string spec, string? model = null)
    {
        var at = spec.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var named = BacktestModels.Find(spec[(at + 1)..], out var error)
                ?? throw new CliInputException($"--strategy '{spec}': {error!.Replace("--model ", "model ", StringComparison.Ordinal)}");
            return Strategy(spec[..at], named.Label);
        }
        var parts = spec.Split(':');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
            throw new CliInputException($"--strategy '{spec}' is not NAME:VERSION or NAME:VERSION:MIN_EDGE");
        decimal minEdge;
        if (parts.Length == 3)
        {
            if (!decimal.TryParse(parts[2], NumberStyles.Number, CultureInfo.InvariantCulture, out minEdge) || minEdge is < 0m or > 1m)
                throw new CliInputException($"--strategy '{spec}': minimum edge '{parts[2]}' is not a number in [0, 1]");
        }
        else if (!KnownStrategies.TryGetValue($"{parts[0]}:{parts[1]}", out minEdge))
            throw new CliInputException($"--strategy '{spec}' is not a known version ({string.Join(", ", KnownStrategies.Keys)}); give its minimum edge as NAME:VERSION:MIN_EDGE");
        return new StrategyDefinition(parts[0], parts[1], model ?? NflWinModel.DefaultLabel, minEdge);
    }

    private static async Task<BacktestResult> RunWithProgress(CliConsole console, BacktestOptions options, CancellationToken ct)
    {
        var progress = new ReplayProgress();
        var total = options.Tape.Events.Count;
        if (!console.Terminal.Interactive) return await BacktestRun.RunAsync(options, progress, ct);
        BacktestResult? result = null;
        var started = System.Diagnostics.Stopwatch.StartNew();
        await CliRendering.ConsoleFor(console).Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("replaying", maxValue: total);
                var run = BacktestRun.RunAsync(options, progress, ct);
                while (!run.IsCompleted)
                {
                    await Task.WhenAny(run, Task.Delay(250, ct));
                    var events = progress.Events;
                    task.Value = events;
                    var rate = events / Math.Max(started.Elapsed.TotalSeconds, 0.001);
                    task.Description = events == 0 ? "starting the engine" : $"{progress.At:yyyy-MM-dd} {rate,7:0} events/s";
                }
                result = await run;
                task.Value = total;
            });
        return result!;
    }

    private static void Print(CliConsole console, BacktestSummary s)
    {
        var o = console.Out;
        static string M(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);
        var run = s.Run;
        o.WriteLine($"tape: {run.Options.Tape.Header.Source} ({run.Events} events); model {string.Join(", ", s.Models.Select(m => m.Model.Label))}; A/B {(run.Options.Split is { } sp ? $"split by seed {sp.Seed}" : "side by side")}");
        o.WriteLine($"replayed in {run.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s: " +
                    $"{(run.Events / Math.Max(run.Elapsed.TotalSeconds, 0.001)).ToString("0", CultureInfo.InvariantCulture)} events/s, {run.Steps} virtual-clock steps");
        o.WriteLine($"trades: {s.Trades}, positions: {s.Positions.Count}");
        foreach (var r in s.ByStrategy)
            o.WriteLine($"  {r.Strategy,-18} {r.Positions,4} positions  win rate {r.WinRate.ToString("0.0%", CultureInfo.InvariantCulture),6}  P&L {M(r.RealizedPnl),10}  ROI {((double)r.Roi).ToString("0.0%", CultureInfo.InvariantCulture)}" +
                        $"  Sharpe {r.Sharpe.ToString("0.000", CultureInfo.InvariantCulture)}  max drawdown {M(r.MaxDrawdown)}");
        o.WriteLine($"balance: {M(run.StartingBalance)} -> {M(run.FinalBalance)} (change {M(s.BalanceChange)}, sum of realized P&L {M(s.SumRealizedPnl)})");
        foreach (var m in s.Models)
            o.WriteLine($"model {(s.Models.Count > 1 ? m.Model.Label + " " : "")}Brier: {m.Brier.ToString("0.0000", CultureInfo.InvariantCulture)} (market {s.MarketBrier.ToString("0.0000", CultureInfo.InvariantCulture)}) over {m.Games} games");
        if (s.Ab is { } ab) o.WriteLine($"A/B: {ab.Reason}");
        o.WriteLine($"report: {Path.Combine(run.Options.ReportDirectory, "report.html")}");
    }
}
