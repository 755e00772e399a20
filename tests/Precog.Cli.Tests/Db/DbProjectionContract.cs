using System.Diagnostics;
using System.Text.Json;
using Precog.Domain.Entry;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Persistence;
using Precog.Persistence.Projection;
using Precog.Persistence.Schema;

namespace Precog.Cli.Tests.Db;

/// <summary>`precog db project` and `precog db rebuild` on one kind of database, against a real journal.</summary>
public abstract class DbProjectionContract(TestDatabase databases) : IAsyncLifetime
{
    /// <summary>The --db text of a new, empty database.</summary>
    private async Task<string> NewDatabaseAsync()
    {
        var target = await databases.CreateAsync();
        return target.Provider == DatabaseProvider.Sqlite ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(target.ConnectionString).DataSource : target.ConnectionString;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => databases.DisposeAsync().AsTask();

    private static async Task<DatabaseTarget> FedAsync(string db, ScdScenario scenario)
    {
        var target = DatabaseTarget.Parse(db);
        await MigrationRunner.MigrateAsync(target, null);
        await using var feeder = new JournalFeeder(target);
        await feeder.PersistSlice(scenario, 0, 1);
        return target;
    }

    [Fact]
    public async Task Project_catches_up_with_the_journal_and_rebuild_gives_the_same_rows()
    {
        var db = await NewDatabaseAsync();
        var target = await FedAsync(db, new ScdScenario(seed: 5, markets: 8, positions: 15));

        var project = CliRun.Precog("db", "project", "--db", db, "--batch-size", "7");
        var projected = await ProjectionSnapshot.TakeAsync(target);
        var rebuild = CliRun.Precog("db", "rebuild", "--db", db, "--json");
        var rebuilt = await ProjectionSnapshot.TakeAsync(target);

        Assert.Equal((0, ""), (project.ExitCode, project.Err));
        Assert.Equal((0, ""), (rebuild.ExitCode, rebuild.Err));
        var json = JsonDocument.Parse(rebuild.Out).RootElement;
        Assert.Contains($"projected up to journal ordering {json.GetProperty("offset").GetInt64()} ", project.Out);
        Assert.Equal(projected.ToDictionary(t => t.Key, t => (long)t.Value.Count).Where(t => t.Value > 0),
            json.GetProperty("rows").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetInt64())).Where(t => t.Value > 0));
        foreach (var table in Tables.All)
            Assert.Equal(projected[table.Name].Select(r => string.Join("|", r)), rebuilt[table.Name].Select(r => string.Join("|", r)));
    }

    [Fact]
    public async Task A_row_that_cannot_be_projected_is_one_line_naming_it_and_exit_code_1()
    {
        var db = await NewDatabaseAsync();
        var target = DatabaseTarget.Parse(db);
        await MigrationRunner.MigrateAsync(target, null);
        await using (var feeder = new JournalFeeder(target))
            await feeder.Persist("position-ghost", [new PositionOpened(new PositionId(Guid.NewGuid()), "kalshi", new MarketTicker("A-1"), Side.Yes, new Quantity(1),
                new Price(0.5m), "ghost v1.0", "elo_nfl v1.0", null, ConfidenceTier.High, TrailingStopSettings.Default, DateTimeOffset.UnixEpoch)]);

        var run = CliRun.Precog("db", "project", "--db", db);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrLines);
        Assert.StartsWith("precog: journal row position-ghost#1 (journal ordering ", line);
        Assert.Contains("strategy 'ghost v1.0' is not registered", line);
    }

    /// <summary>
    /// The writer as its own process, killed with SIGKILL while it works, three times, then finished: the
    /// tables equal a rebuild of the same journal row for row.
    /// </summary>
    [Fact]
    public async Task A_writer_process_killed_mid_work_and_restarted_ends_with_the_rows_of_an_uninterrupted_run()
    {
        var db = await NewDatabaseAsync();
        var target = await FedAsync(db, new ScdScenario(seed: 9, markets: 12, positions: 40));
        var offsets = new ScdWriter(target, ScdWriterSettings.Default, TimeProvider.System);
        long end;
        var projectionDb = ProjectionDatabase.For(target);
        await using (var c = await projectionDb.OpenAsync(default))
            end = await JournalReader.MaxOrderingAsync(projectionDb, c, default);

        var kills = 0;
        for (var round = 0; round < 3; round++)
        {
            var before = await offsets.OffsetAsync(default);
            using var process = StartWriterProcess(db);
            // kill it once it has committed some batches of this round, but before it is done
            await Eventually.Holds(async () => await offsets.OffsetAsync(default) > before || process.HasExited);
            if (process.HasExited) break;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            kills++;
        }
        Assert.True(await offsets.OffsetAsync(default) < end, "the writer finished before it could be killed: make the journal longer");
        Assert.Equal(3, kills);

        var finish = CliRun.Precog("db", "project", "--db", db);
        Assert.Equal((0, ""), (finish.ExitCode, finish.Err));
        Assert.Equal(end, await offsets.OffsetAsync(default));
        var interrupted = await ProjectionSnapshot.TakeAsync(target);
        Assert.Equal(0, CliRun.Precog("db", "rebuild", "--db", db).ExitCode);
        var clean = await ProjectionSnapshot.TakeAsync(target);
        foreach (var table in Tables.All)
            Assert.Equal(clean[table.Name].Select(r => string.Join("|", r)), interrupted[table.Name].Select(r => string.Join("|", r)));
    }

    private static Process StartWriterProcess(string db)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "precog.dll"), "db", "project", "--db", db, "--batch-size", "2", "--follow" })
            info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

}

public sealed class SqliteDbProjectionTests() : DbProjectionContract(TestDatabase.Sqlite());

public sealed class PostgresDbProjectionTests() : DbProjectionContract(TestDatabase.Postgres());
