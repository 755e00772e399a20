using Npgsql;
using Precog.Persistence.Projection;
using Precog.Persistence.Schema;

namespace Precog.Persistence.Tests.Faults;

/// <summary>The writer against a PostgreSQL that goes away in the middle of its work (a TCP proxy cut in front of the real server).</summary>
public sealed class ScdWriterOutageTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    private sealed class Recorder : IScdWriterObserver
    {
        public List<ScdWriterFault> Faults { get; } = [];
        public int Recoveries { get; private set; }

        public void Faulted(ScdWriterFault fault)
        {
            lock (Faults) Faults.Add(fault);
        }

        public void Recovered(long offset) => Recoveries++;
    }

    [Fact]
    public async Task The_writer_waits_out_a_database_outage_reports_it_and_resumes_where_it_stopped()
    {
        var direct = DatabaseTarget.Parse(_database.ConnectionString);
        await MigrationRunner.MigrateAsync(direct, null);
        var scenario = new ScdScenario(seed: 3, markets: 10, positions: 25);
        await using var feeder = new JournalFeeder(direct);
        await feeder.PersistSlice(scenario, 0, 0.5);

        var builder = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        await using var proxy = new TcpProxy(builder.Port);
        builder.Port = proxy.Port;
        builder.Timeout = 2;
        var viaProxy = DatabaseTarget.Parse(builder.ConnectionString);
        var recorder = new Recorder();
        var writer = new ScdWriter(viaProxy, ScdWriterSettings.Default with
        {
            PollInterval = TimeSpan.FromMilliseconds(20), RetryMin = TimeSpan.FromMilliseconds(50), RetryMax = TimeSpan.FromMilliseconds(200),
        }, TimeProvider.System, recorder);
        var reader = new ScdWriter(direct, ScdWriterSettings.Default, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var running = writer.RunAsync(stop.Token);

        // given the writer has caught up with the journal
        await Eventually.Holds(async () => await reader.OffsetAsync(default) == await MaxOrdering(direct));

        // when the database goes away while the journal grows (written straight to the server)
        proxy.Cut();
        await feeder.PersistSlice(scenario, 0.5, 1);
        await Eventually.Holds(() => Task.FromResult(recorder.Faults.Count > 0));
        var stuckAt = await reader.OffsetAsync(default);

        // then the fault names the database, never its password, and nothing moved
        ScdWriterFault fault;
        lock (recorder.Faults) fault = recorder.Faults[0];
        Assert.Contains($"Port={proxy.Port}", fault.Message);
        Assert.DoesNotContain($"Password={builder.Password}", fault.Message);
        Assert.Null(fault.Row);
        Assert.True(stuckAt < await MaxOrdering(direct));

        // when it comes back, the writer resumes by itself and ends where a rebuild of the journal does
        proxy.Restore();
        await Eventually.Holds(async () => await reader.OffsetAsync(default) == await MaxOrdering(direct));
        Assert.True(recorder.Recoveries > 0);
        Assert.Null(writer.Fault);
        await stop.CancelAsync();
        await running;
        var incremental = await ProjectionSnapshot.TakeAsync(direct);
        await ProjectionRebuild.RunAsync(direct, ScdWriterSettings.Default, TimeProvider.System, null, default);
        var rebuilt = await ProjectionSnapshot.TakeAsync(direct);
        foreach (var table in Tables.All)
            Assert.Equal(rebuilt[table.Name].Select(r => string.Join("|", r)), incremental[table.Name].Select(r => string.Join("|", r)));
    }

    private static async Task<long> MaxOrdering(DatabaseTarget target)
    {
        var db = ProjectionDatabase.For(target);
        await using var c = await db.OpenAsync(default);
        return await JournalReader.MaxOrderingAsync(db, c, default);
    }

}
