using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Precog.Configuration;
using Precog.Persistence;
using Precog.Persistence.Projection;
using Precog.Persistence.Schema;

namespace Precog.Cli;

/// <summary>
/// `precog db rebuild` and `precog db project`: the relational tables from the journal, from scratch or from
/// where the projection stands. Both bring the schema up to date first. A journal row that cannot be
/// projected is one line naming it (persistence id, sequence number, ordering) and exit code 1.
/// </summary>
public static class DbProjectionCommands
{
    public static Command Rebuild(CliConsole console)
    {
        var (db, batch, json) = Options();
        var command = new Command("rebuild", "Empty the projected tables and replay the whole journal into them") { db, batch, json };
        command.SetAction(r =>
        {
            var (target, settings) = Prepare(r.GetValue(db)!, r.GetValue(batch));
            var clock = Stopwatch.StartNew();
            var report = Run(() => ProjectionRebuild.RunAsync(target, settings, TimeProvider.System, null, CancellationToken.None));
            Write(console, r.GetValue(json), target, "rebuilt", report.Offset, clock.Elapsed, report.Rows);
            return PrecogCli.Ok;
        });
        return command;
    }

    public static Command Project(CliConsole console)
    {
        var (db, batch, json) = Options();
        var follow = new Option<bool>("--follow") { Description = "Keep projecting new events until stopped (Ctrl+C), retrying after faults" };
        var command = new Command("project", "Project the journal's new events into the tables, from the stored offset") { db, batch, follow, json };
        command.SetAction(r =>
        {
            var (target, settings) = Prepare(r.GetValue(db)!, r.GetValue(batch));
            // following, faults are retried and each is reported as it happens; catching up, the first one ends the run
            var following = r.GetValue(follow);
            var writer = new ScdWriter(target, settings, TimeProvider.System, following ? new FaultsToStderr(console) : null);
            var clock = Stopwatch.StartNew();
            if (following)
            {
                using var stop = new CancellationTokenSource();
                Console.CancelKeyPress += (_, e) =>
                {
                    e.Cancel = true;
                    stop.Cancel();
                };
                console.Out.WriteLine($"database: {target}: projecting until stopped");
                writer.RunAsync(stop.Token).GetAwaiter().GetResult();
            }
            else
            {
                Run(() => writer.CatchUpAsync(CancellationToken.None));
            }
            var offset = Run(() => writer.OffsetAsync(CancellationToken.None));
            Write(console, r.GetValue(json), target, "projected", offset, clock.Elapsed,
                Run(() => ProjectionRebuild.CountsAsync(ProjectionDatabase.For(target), CancellationToken.None)));
            return PrecogCli.Ok;
        });
        return command;
    }

    private static (Option<string> Db, Option<int?> Batch, Option<bool> Json) Options() =>
        (DbMigrateCommand.DatabaseOption(),
         new Option<int?>("--batch-size") { Description = "Events per transaction (default: precog.scd-writer.batch-size)" },
         new Option<bool>("--json") { Description = "Print a JSON object instead of text" });

    private static (DatabaseTarget, ScdWriterSettings) Prepare(string db, int? batchSize)
    {
        var target = DbMigrateCommand.ParseTarget(db);
        var settings = ScdWriterSettings.Bind(PrecogConfig.Defaults);
        if (batchSize is { } n)
            settings = n is >= 1 and <= 100_000 ? settings with { BatchSize = n } : throw new CliInputException($"--batch-size {n} is not between 1 and 100000");
        MigrationRunner.MigrateAsync(target, null).GetAwaiter().GetResult();
        return (target, settings);
    }

    /// <summary>Runs a step of the writer; a fault becomes a failure whose message names the row (the writer already reported it).</summary>
    private static T Run<T>(Func<Task<T>> step)
    {
        try
        {
            return step().GetAwaiter().GetResult();
        }
        catch (ScdWriterException e) when (e.InnerException is MigrationException m)
        {
            throw m; // the database cannot be reached: bad input, exit code 2
        }
        catch (ScdWriterException e)
        {
            throw new ProjectionFailedException(e.Message);
        }
    }

    private static void Write(CliConsole console, bool json, DatabaseTarget target, string verb, long offset, TimeSpan elapsed, IReadOnlyDictionary<string, long> rows)
    {
        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                database = target.ToString(), offset, seconds = Math.Round(elapsed.TotalSeconds, 3), rows,
            }, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        console.Out.WriteLine($"database: {target}");
        console.Out.WriteLine($"{verb} up to journal ordering {offset} in {elapsed.TotalSeconds:0.0} s");
        foreach (var (table, count) in rows.Where(r => r.Value > 0))
            console.Out.WriteLine($"  {table,-24}{count,10}");
    }

    private sealed class FaultsToStderr(CliConsole console) : IScdWriterObserver
    {
        public void Faulted(ScdWriterFault fault) => console.Error.WriteLine($"precog: {fault.Message} (retrying)");
        public void Recovered(long offset) => console.Error.WriteLine($"precog: the projection resumed at journal ordering {offset}");
        public void GapSkipped(long from, long to) => console.Error.WriteLine($"precog: journal orderings {from}-{to} never committed; passed over");
    }
}

/// <summary>The journal holds a row the projection cannot apply: a failure (exit code 1), not bad input.</summary>
public sealed class ProjectionFailedException(string message) : Exception(message);
