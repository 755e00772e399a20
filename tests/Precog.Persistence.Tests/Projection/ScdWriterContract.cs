using System.Globalization;
using Precog.Domain;
using Precog.Domain.Accounts;
using Precog.Domain.Alerts;
using Precog.Domain.Breakers;
using Precog.Domain.Games;
using Precog.Domain.Markets;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Persistence.Projection;
using Precog.Persistence.Schema;

namespace Precog.Persistence.Tests.Projection;

/// <summary>The SCD writer's promises, checked the same way on every database against a real journal.</summary>
public abstract class ScdWriterContract(TestDatabase databases) : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected DatabaseTarget Target { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Target = await databases.CreateAsync();
        await MigrationRunner.MigrateAsync(Target, null);
    }

    public Task DisposeAsync() => databases.DisposeAsync().AsTask();

    private ScdWriter Writer(int batchSize) =>
        new(Target, ScdWriterSettings.Default with { BatchSize = batchSize, GapTimeout = TimeSpan.FromMilliseconds(200) }, TimeProvider.System);

    [Fact]
    public async Task Thousands_of_events_projected_while_the_journal_grows_keep_one_current_row_per_key_and_equal_a_rebuild()
    {
        // given a journal that grows in two steps, projected in small batches after each
        var scenario = new ScdScenario(seed: 7, markets: 40, positions: 120);
        Assert.True(scenario.Count > 2000, $"the scenario should hold thousands of events, it holds {scenario.Count}");
        await using (var feeder = new JournalFeeder(Target))
        {
            await feeder.PersistSlice(scenario, 0, 0.5);
            await Writer(53).CatchUpAsync(None);
            await feeder.PersistSlice(scenario, 0.5, 1);
        }
        var offset = await Writer(53).CatchUpAsync(None);

        // then the history obeys the SCD rules and says what the events said
        var incremental = await ProjectionSnapshot.TakeAsync(Target);
        await AssertScdInvariants();
        await AssertContentMatches(scenario);

        // and a rebuild from the journal in one pass gives the same rows
        var report = await ProjectionRebuild.RunAsync(Target, ScdWriterSettings.Default, TimeProvider.System, null, None);
        Assert.Equal(offset, report.Offset);
        var rebuilt = await ProjectionSnapshot.TakeAsync(Target);
        foreach (var table in Tables.All)
            Assert.True(incremental[table.Name].Select(Line).SequenceEqual(rebuilt[table.Name].Select(Line)), $"{table.Name} differs after the rebuild");
        Assert.Equal(incremental.Values.Sum(r => r.Count), report.Rows.Values.Sum());
    }

    [Fact]
    public async Task Batches_aborted_before_commit_leave_no_trace_and_the_restarted_writer_ends_where_an_uninterrupted_one_does()
    {
        var scenario = new ScdScenario(seed: 11, markets: 15, positions: 40);
        await using (var feeder = new JournalFeeder(Target))
            await feeder.PersistSlice(scenario, 0, 1);

        // given a writer whose transaction is aborted after its rows are written, every third batch
        var batches = 0;
        var crashes = 0;
        long offset = -1;
        for (var restarts = 0; restarts < 500; restarts++)
        {
            var writer = Writer(17);
            writer.BeforeCommit = _ => ++batches % 3 == 0 ? throw new IOException("simulated crash before commit") : Task.CompletedTask;
            try
            {
                offset = await writer.CatchUpAsync(None);
                break;
            }
            catch (ScdWriterException e) when (e.InnerException is IOException)
            {
                crashes++; // when restarted, a new writer continues from the stored offset
            }
        }
        Assert.True(crashes >= 3, $"expected several crashes, saw {crashes}");
        var interrupted = await ProjectionSnapshot.TakeAsync(Target);
        await AssertScdInvariants();

        // then an uninterrupted projection of the same journal has exactly the same rows
        var report = await ProjectionRebuild.RunAsync(Target, ScdWriterSettings.Default, TimeProvider.System, null, None);
        Assert.Equal(offset, report.Offset);
        var clean = await ProjectionSnapshot.TakeAsync(Target);
        foreach (var table in Tables.All)
            Assert.True(clean[table.Name].Select(Line).SequenceEqual(interrupted[table.Name].Select(Line)), $"{table.Name} differs after crashes");
    }

    [Theory]
    [InlineData("payload")]
    [InlineData("manifest")]
    public async Task A_row_that_does_not_read_stops_the_writer_before_it_naming_its_persistence_id_and_sequence_number(string corruption)
    {
        // given a market whose third event is corrupted in the journal
        var ticker = new MarketTicker("KXNFLGAME-25DEC07-BAD");
        var t0 = new DateTimeOffset(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);
        await using (var feeder = new JournalFeeder(Target))
        {
            await feeder.Persist("market-bad", [
                new MarketListed("kalshi", ticker, "KXNFLGAME-25DEC07", null, "bad", "binary", null, t0),
                Quote(ticker, 0.40m, t0.AddSeconds(1)),
                Quote(ticker, 0.45m, t0.AddSeconds(2)),
                Quote(ticker, 0.50m, t0.AddSeconds(3)),
            ]);
        }
        var db = ProjectionDatabase.For(Target);
        byte[] original;
        await using (var c = await db.OpenAsync(None))
        {
            original = (byte[])(await db.ScalarAsync(c, null, "SELECT message FROM journal WHERE persistence_id = 'market-bad' AND sequence_number = 3", None))!;
            await db.ExecuteAsync(c, null, corruption == "payload"
                ? "UPDATE journal SET message = @m WHERE persistence_id = 'market-bad' AND sequence_number = 3"
                : "UPDATE journal SET manifest = 'market.quote-changed.v9' WHERE persistence_id = 'market-bad' AND sequence_number = 3", None,
                new Arg("m", ColumnKind.Text, "{\"ticker\":\"KXNFLGAME-25DEC07-BAD\",\"yes_bid\":1.5}"u8.ToArray()));
        }

        // when the writer runs, it stops at that row and says which it is
        var writer = Writer(100);
        var error = await Assert.ThrowsAsync<ScdWriterException>(() => writer.CatchUpAsync(None));
        Assert.Contains("market-bad#3", error.Message);
        Assert.Equal("market-bad", error.Fault.Row!.PersistenceId);
        Assert.Equal(3, error.Fault.Row.SequenceNr);
        Assert.Contains(corruption == "payload" ? "quote-changed" : "unknown manifest", error.Message);

        // and the events before it are projected, nothing after it, and the offset stays just before it
        Assert.Equal(error.Fault.Row.Ordering - 1, await writer.OffsetAsync(None));
        Assert.Equal(["0.4000"], await MarketPrices(db));

        // when the row is repaired, the writer resumes and projects the rest
        await using (var c = await db.OpenAsync(None))
            await db.ExecuteAsync(c, null, "UPDATE journal SET message = @m, manifest = 'market.quote-changed.v1' WHERE persistence_id = 'market-bad' AND sequence_number = 3", None,
                new Arg("m", ColumnKind.Text, original));
        await writer.CatchUpAsync(None);
        Assert.Equal(["0.4000", "0.4500", "0.5000"], await MarketPrices(db));
    }

    [Fact]
    public async Task A_violated_constraint_stops_the_writer_at_its_event_and_it_resumes_once_the_cause_is_fixed()
    {
        // given a journal with a market of a platform the database does not know, between two that it does
        var t0 = new DateTimeOffset(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);
        await using (var feeder = new JournalFeeder(Target))
        {
            await feeder.Persist("market-a", [new MarketListed("kalshi", new MarketTicker("A-1"), "A", null, "a", "binary", null, t0)]);
            await feeder.Persist("market-b", [new MarketListed("betfair", new MarketTicker("B-1"), "B", null, "b", "binary", null, t0.AddSeconds(1))]);
            await feeder.Persist("market-c", [new MarketListed("kalshi", new MarketTicker("C-1"), "C", null, "c", "binary", null, t0.AddSeconds(2))]);
        }

        // when the writer runs (in one batch), it finds the event to blame and stops before it
        var writer = Writer(100);
        var error = await Assert.ThrowsAsync<ScdWriterException>(() => writer.CatchUpAsync(None));
        Assert.Equal("market-b", error.Fault.Row?.PersistenceId);
        Assert.Equal(1, error.Fault.Row!.SequenceNr);
        Assert.Contains("market-b#1", error.Message);
        var db = ProjectionDatabase.For(Target);
        Assert.Equal(["A-1"], await CurrentTickers(db));

        // when an operator adds the platform, the writer resumes and nothing was skipped
        await using (var c = await db.OpenAsync(None))
            await db.ExecuteAsync(c, null, "INSERT INTO platforms (platform_id, platform_type, display_name) VALUES ('betfair', 'trading', 'Betfair')", None);
        await writer.CatchUpAsync(None);
        Assert.Equal(["A-1", "B-1", "C-1"], await CurrentTickers(db));
    }

    [Fact]
    public async Task An_event_naming_a_version_that_was_never_registered_is_refused_by_name()
    {
        var t0 = new DateTimeOffset(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);
        var position = new PositionId(Guid.Parse("11111111-2222-3333-4444-555555555555"));
        await using (var feeder = new JournalFeeder(Target))
            await feeder.Persist("position-x", [new PositionOpened(position, "kalshi", new MarketTicker("A-1"), Side.Yes, new Quantity(10), new Price(0.5m),
                "ghost_strategy v9.9", "elo_nfl v1.0", null, Domain.Entry.ConfidenceTier.High, TrailingStopSettings.Default, t0)]);

        var error = await Assert.ThrowsAsync<ScdWriterException>(() => Writer(10).CatchUpAsync(None));

        Assert.Contains("position-x#1", error.Message);
        Assert.Contains("strategy 'ghost_strategy v9.9' is not registered", error.Message);
    }

    private static QuoteChanged Quote(MarketTicker ticker, decimal bid, DateTimeOffset at) =>
        new("kalshi", ticker, new Price(bid), new Price(bid + 0.02m), new Price(1 - bid - 0.02m), new Price(1 - bid), new Quantity(100), new Quantity(100), null, null, at);

    private static async Task<List<string>> MarketPrices(ProjectionDatabase db)
    {
        await using var c = await db.OpenAsync(None);
        var rows = await db.QueryAsync(c, null, "SELECT yes_price FROM markets WHERE yes_price IS NOT NULL ORDER BY id", None);
        return rows.Select(r => ProjectionSnapshot.Format(db, ColumnKind.Decimal, r[0])).ToList();
    }

    private static async Task<List<string>> CurrentTickers(ProjectionDatabase db)
    {
        await using var c = await db.OpenAsync(None);
        return (await db.QueryAsync(c, null, "SELECT ticker FROM current_markets ORDER BY ticker", None)).Select(r => (string)r[0]!).ToList();
    }

    private static string Line(string[] row) => string.Join(" | ", row);

    /// <summary>Exactly one current row per key; every closed row has its end; per key the versions follow each other without overlap (and without gaps where a key always exists).</summary>
    private async Task AssertScdInvariants()
    {
        var db = ProjectionDatabase.For(Target);
        await using var c = await db.OpenAsync(None);
        var keys = new Dictionary<string, string[]>
        {
            ["markets"] = ["market_uuid"],
            ["game_states"] = ["sport", "external_game_id"],
            ["edges"] = ["market_uuid", "strategy_id", "model_id", "method_id", "side"],
            ["positions"] = ["position_uuid"],
            ["account_balance"] = ["platform_id"],
        };
        foreach (var table in Tables.Versioned)
        {
            var key = keys[table.Name];
            var rows = await db.QueryAsync(c, null,
                $"SELECT {string.Join(" || '|' || ", key.Select(k => $"COALESCE(CAST({k} AS VARCHAR), '-')"))}, created_at, row_end_ts, row_current_ind FROM {table.Name} ORDER BY {table.PrimaryKey}", None);
            Assert.True(rows.Count > 0, $"{table.Name} is empty: the scenario should touch it");
            foreach (var history in rows.GroupBy(r => (string)r[0]!))
            {
                var versions = history.Select(r => (Start: (DateTimeOffset)db.FromDb(ColumnKind.Timestamp, r[1]!)!,
                    End: r[2] is null ? (DateTimeOffset?)null : (DateTimeOffset)db.FromDb(ColumnKind.Timestamp, r[2]!)!,
                    Current: (bool)db.FromDb(ColumnKind.Bool, r[3]!)!)).ToList();
                Assert.True(versions.Count(v => v.Current) <= 1, $"{table.Name} {history.Key}: more than one current row");
                if (table.Name != "edges")
                    Assert.True(versions[^1].Current, $"{table.Name} {history.Key}: its latest version is not current");
                Assert.All(versions.Where(v => !v.Current), v => Assert.True(v.End is not null && v.End >= v.Start, $"{table.Name} {history.Key}: a closed row without a valid end"));
                Assert.All(versions.Where(v => v.Current), v => Assert.Null(v.End));
                for (var i = 1; i < versions.Count; i++)
                {
                    if (table.Name == "edges") Assert.True(versions[i].Start >= versions[i - 1].End, $"{table.Name} {history.Key}: versions overlap");
                    else Assert.True(versions[i].Start == versions[i - 1].End, $"{table.Name} {history.Key}: version {i} starts at {versions[i].Start:O}, not where {i - 1} ended ({versions[i - 1].End:O})");
                }
            }
        }
    }

    /// <summary>The projected rows agree with a direct reading of the events.</summary>
    private async Task AssertContentMatches(ScdScenario scenario)
    {
        var db = ProjectionDatabase.For(Target);
        await using var c = await db.OpenAsync(None);
        async Task<long> Count(string sql) => Convert.ToInt64(await db.ScalarAsync(c, null, sql, None), CultureInfo.InvariantCulture);
        var events = scenario.All.ToList();

        Assert.Equal(events.OfType<FillRecorded>().Count(), await Count("SELECT COUNT(*) FROM trades"));
        Assert.Equal(events.OfType<FillRecorded>().Count(), await Count("SELECT COUNT(DISTINCT trade_external_id) FROM trades"));
        Assert.Equal(events.OfType<ExitCompleted>().Count(), await Count("SELECT COUNT(*) FROM position_exits"));
        Assert.Equal(events.OfType<ExitCompleted>().Count(e => e.LastTradeId is not null), await Count("SELECT COUNT(*) FROM position_exits WHERE exit_trade_id IS NOT NULL"));
        Assert.Equal(events.OfType<ExitAttemptPlanned>().Count(), await Count("SELECT COUNT(*) FROM exit_attempts"));
        Assert.Equal(events.OfType<ExitAttemptResolved>().Count(e => e.Outcome == ExitAttemptOutcome.Filled), await Count("SELECT COUNT(*) FROM exit_attempts WHERE success = TRUE"));
        Assert.Equal(events.OfType<ExitAttemptResolved>().Count(), await Count("SELECT COUNT(*) FROM exit_attempts WHERE success IS NOT NULL"));
        Assert.Equal(events.OfType<MarketSettled>().Count(), await Count("SELECT COUNT(*) FROM settlements"));
        Assert.Equal(events.OfType<GameStateChanged>().Count(), await Count("SELECT COUNT(*) FROM game_states"));
        Assert.Equal(events.OfType<AlertRaised>().Count(), await Count("SELECT COUNT(*) FROM alerts"));
        Assert.Equal(events.OfType<AlertAcknowledged>().Count(), await Count("SELECT COUNT(*) FROM alerts WHERE acknowledged_at IS NOT NULL"));
        Assert.Equal(events.OfType<AlertResolved>().Count(), await Count("SELECT COUNT(*) FROM alerts WHERE resolution_action IS NOT NULL"));
        var transitions = events.OfType<BreakerTransitioned>().Select(b => b.Transition).ToList();
        Assert.Equal(transitions.Count(t => t.From == BreakerStatus.Closed), await Count("SELECT COUNT(*) FROM circuit_breaker_events"));
        Assert.Equal(transitions.Count(t => t.To == BreakerStatus.Closed), await Count("SELECT COUNT(*) FROM circuit_breaker_events WHERE resolved_at IS NOT NULL"));
        // every position event but the exit attempts' starts a version of its position
        Assert.Equal(events.Count(e => e is PositionOpened or EntryOrderPlanned or FillRecorded or TrailingStopMoved or ExitTriggered or ExitCompleted or PositionClosed or PositionSettled),
            await Count("SELECT COUNT(*) FROM positions"));
        Assert.Equal(events.OfType<BalanceChanged>().Last().Balance.Value,
            (decimal)db.FromDb(ColumnKind.Decimal, (await db.ScalarAsync(c, null, "SELECT balance FROM current_balances WHERE platform_id = 'kalshi'", None))!)!);

        // every position holds what its fills leave it, in the status its last event gave it
        foreach (var (id, stream) in scenario.Streams.Where(s => s.Key.StartsWith("position-", StringComparison.Ordinal)))
        {
            var opened = stream.OfType<PositionOpened>().Single();
            var held = stream.OfType<FillRecorded>().Sum(f => f.Action == OrderAction.Buy ? f.Quantity.Value : -f.Quantity.Value);
            var status = stream[^1] switch { PositionClosed => "closed", PositionSettled => "settled", _ => "open" };
            var row = (await db.QueryAsync(c, null, "SELECT quantity, status FROM positions WHERE row_current_ind = @t AND position_uuid = @p", None,
                new Arg("t", ColumnKind.Bool, true), new Arg("p", ColumnKind.Uuid, opened.Position.Value))).Single();
            Assert.Equal((held, status), (Convert.ToInt32(row[0], CultureInfo.InvariantCulture), (string)row[1]!));
        }

        // every market's current row carries its last quote's bids
        foreach (var (_, stream) in scenario.Streams.Where(s => s.Key.StartsWith("market-", StringComparison.Ordinal)))
        {
            var last = stream.OfType<QuoteChanged>().Last();
            var row = (await db.QueryAsync(c, null, "SELECT yes_price, no_price FROM current_markets WHERE ticker = @t", None, new Arg("t", ColumnKind.Text, last.Ticker.Value))).Single();
            Assert.Equal((last.YesBid.Value, last.NoBid.Value), ((decimal)db.FromDb(ColumnKind.Decimal, row[0]!)!, (decimal)db.FromDb(ColumnKind.Decimal, row[1]!)!));
        }
    }
}

public sealed class SqliteScdWriterTests() : ScdWriterContract(TestDatabase.Sqlite());

public sealed class PostgresScdWriterTests() : ScdWriterContract(TestDatabase.Postgres());
