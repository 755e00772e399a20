using System.Globalization;
using System.Text.RegularExpressions;
using Precog.Exchanges.Simulated;
using Precog.Persistence;
using Precog.Persistence.Schema;
using Precog.Testing.FakeFeeds;
using Precog.Testing.FakeKalshi;

namespace Precog.Host.Tests;

/// <summary>
/// The scripted game day of the simulated node, played on the fake Kalshi and the fake ESPN (<see cref="FakeKalshiGameDay"/>)
/// by a node started with <c>--exchange kalshi-demo</c> on the wall clock, each game compressed into about eighteen seconds.
/// Witnesses: the fake's order log and fills (what the venue was asked and did), the node's tables, and the summary the
/// node prints when it is stopped.
/// </summary>
[Collection(WallClock)]
public sealed partial class KalshiGameDayTests : IAsyncLifetime
{
    /// <summary>The collection of the wall-clock game days on the fake Kalshi: one at a time, as each needs the machine's attention on time.</summary>
    public const string WallClock = "Kalshi game days on the wall clock";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const decimal StartingBalance = 10_000m;

    private FakeVenues _venues = null!;

    public async Task InitializeAsync() => _venues = await FakeVenues.StartAsync("kalshi-day");

    public async Task DisposeAsync() => await _venues.DisposeAsync();

    [Fact]
    public async Task A_game_day_on_the_fake_kalshi_ends_in_the_summary_with_every_fill_recorded_every_position_ended_and_no_order_twice()
    {
        var fake = _venues.Kalshi;
        var data = Path.Combine(_venues.Directory, "data");
        var file = Path.Combine(data, "precog.db");
        _venues.Espn.Serve(EspnScoreboardBuilder.Build()); // no games yet
        await using var node = NodeProcess.Start(_venues.Environment(), "--data-dir", data, "--exchange", "kalshi-demo",
            "--config", _venues.ConfigFile(refresh: "1s", poll: "200ms", more: "precog.kalshi.stream-silence = 3s")); // books restated every second
        try
        {
            await node.WaitForLineAsync("Kalshi node trading", Patience);

            // given two games kicking off in a few seconds, their markets listed with books around the pregame price
            await using var day = Day(fake, kickoffIn: TimeSpan.FromSeconds(4));
            day.List();
            await fake.UntilAsync(_ => day.Markets.Values.All(_venues.Subscribed), "the node's book subscriptions", Patience);

            // when the games are played, the books follow them and each market settles on its final score
            day.Play();
            await day.Over.WaitAsync(Patience);

            // then every position the node took ends (sold or settled) in its tables, and the node, stopped, prints its summary
            var db = DatabaseTarget.Sqlite(file);
            await Eventually.Holds(async () => await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM current_markets WHERE status = 'settled'") == 2
                && await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM positions WHERE row_current_ind = TRUE AND status NOT IN ('closed', 'settled')") == 0, Patience);
            node.Terminate();
            Assert.Equal(0, await node.ExitCodeAsync(Patience));
            await AssertDayAsync(fake, day.Payouts, db, node.Out, balanceMoved: true);
            // the stream numbers each book's events one by one and no fault broke Kalshi's seq: every market saw them all, in order
            Assert.DoesNotContain("sequence gap", node.Out);
            Assert.DoesNotContain(_venues.KeyMaterial(), node.Out + node.Err);
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new Exception($"{e.Message}\n--- node output ---\n{node.Out}\n{node.Err}", e); // what the node was doing says why
        }
    }

    /// <summary>
    /// Runs on the wall clock, so under CI's load the day sometimes holds no position for the stall or trips no breaker:
    /// it runs from <c>scripts/soak.sh</c> (PRECOG_SOAK=1), not in the default suite, until the Kalshi node can run on the
    /// virtual clock. CI covers the same invariants under faults in <see cref="KalshiNodeTests"/>.
    /// </summary>
    [SkippableFact]
    public async Task Under_failing_calls_sequence_gaps_disconnects_and_a_stall_no_order_is_sent_twice_no_fill_is_lost_books_resync_and_breakers_trip_and_reset()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("PRECOG_SOAK") == "1",
            "the wall-clock fault-mix game day runs with scripts/soak.sh (PRECOG_SOAK=1): its timing made it flaky in CI");
        var fake = _venues.Kalshi;
        var data = Path.Combine(_venues.Directory, "data");
        var db = DatabaseTarget.Sqlite(Path.Combine(data, "precog.db"));
        _venues.Espn.Serve(EspnScoreboardBuilder.Build());
        // api_failures trips on 2 failed calls (not 5: a compressed day makes few calls) and probes after 3 s (not 300 s),
        // and the stream counts 1 s without data as a stall, so both trip and reset within a game compressed into seconds;
        // each rule is the one TRADING_RULES.md §5 gives, on a shorter clock and a lower count
        await using var node = NodeProcess.Start(_venues.Environment(), "--data-dir", data, "--exchange", "kalshi-demo",
            "--config", _venues.ConfigFile(refresh: "1s", poll: "200ms", more: """
                precog.kalshi.stream-silence = 1s
                precog.trading.breakers { api-failures = 2, api-half-open-after = 3s, stale-check-interval = 1s }
                """));
        try
        {
            await node.WaitForLineAsync("Kalshi node trading", Patience);
            var stalled = false;
            string[] tickers = [];
            // every 3 s of wall time (about 15 minutes of game time) a disconnect; once a position is held, a stall
            // (no disconnect within 3 s after the stall: one right after it would cut the stall short of the 1 s silence)
            int? stalledAt = null;
            await using var day = Day(fake, kickoffIn: TimeSpan.FromSeconds(4), onTick: tick =>
            {
                if (tick % 30 == 0 && (stalledAt is not { } at || tick - at >= 30)) fake.DisconnectSockets();
                if (!stalled && tickers.Any(t => fake.PositionOf(t) != 0))
                {
                    stalled = true;
                    stalledAt = tick;
                    fake.StallSockets();
                }
            });
            tickers = [.. day.Markets.Values];
            day.List();
            await fake.UntilAsync(_ => day.Markets.Values.All(_venues.Subscribed), "the node's book subscriptions", Patience);

            // when a fifth of the REST calls fail (5xx and 429) and every 100th book delta is lost, through the whole day
            fake.Faults = new FakeKalshiFaults(ServerErrorRate: 0.1, TooManyRequestsRate: 0.1, BookGapEvery: 100);
            fake.FailNextCreates(1); // a day places few orders: one create fails, whatever the rates draw
            day.Play();
            await day.Over.WaitAsync(Patience);
            await Eventually.Holds(async () => await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM current_markets WHERE status = 'settled'") == 2
                && await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM positions WHERE row_current_ind = TRUE AND status NOT IN ('closed', 'settled')") == 0, Patience);
            fake.Faults = FakeKalshiFaults.None;
            // api_failures, tripped by the failing calls, closes on the first call that succeeds once it is half-open; a
            // breaker that tripped late in the compressed day meets that call after the day (the reconciler's, each minute)
            await Eventually.Holds(async () => await NodeDatabase.Scalar(db,
                "SELECT COUNT(*) FROM circuit_breaker_events WHERE breaker_type = 'api_failures' AND resolved_at IS NOT NULL") > 0, TimeSpan.FromSeconds(90));
            node.Terminate();
            Assert.Equal(0, await node.ExitCodeAsync(Patience));

            // the faults happened
            Assert.Contains(fake.OrderLog, o => o.Outcome is FakeOrderOutcome.ServerError or FakeOrderOutcome.RateLimited);
            var book = fake.BookEvents;
            Assert.Contains(book, e => e.Kind == "gap");
            Assert.True(stalled, "a position should have been held to stall the stream under");
            Assert.True(fake.SocketConnections >= 4, $"{fake.SocketConnections} connections: the disconnects and the stall should each have cost one");

            // then the day still ends as a clean one does: each order once, each fill a trade, the cash exact, every position ended
            await AssertDayAsync(fake, day.Payouts, db, node.Out, balanceMoved: true);
            // one order per exit step: each attempt has its own client order id, and the fake accepted each at most once
            var attempts = await NodeDatabase.Rows(db, "SELECT lower(CAST(client_order_id AS TEXT)) FROM exit_attempts WHERE client_order_id IS NOT NULL");
            Assert.Equal(attempts.Count, attempts.Distinct().Count());
            var accepted = fake.OrderLog.Where(o => o.Accepted).Select(o => o.ClientOrderId?.ToLowerInvariant()).ToList();
            Assert.All(attempts, a => Assert.True(accepted.Count(c => c == a) <= 1, $"exit attempt {a} became more than one order"));

            // books recover: every gap is followed by a fresh snapshot of its market
            Assert.All(book.Where(e => e.Kind == "gap"), gap =>
                Assert.Contains(book, e => e.Kind == "snapshot" && e.Ticker == gap.Ticker && e.At >= gap.At));
            // and the markets never see a gap of their own: the stream resyncs Kalshi's gaps and numbers its events on by one
            Assert.DoesNotContain("sequence gap", node.Out);

            // the breakers trip and reset as specified: api_failures on the failing calls, closed again by a probe. Whether
            // the stall opens data_stale here, and whether a late one has closed when the node stops, depend on where the
            // wall clock of this compressed day stands (the node must have registered the venue's fill within the 1 s the
            // stall lasts), so data_stale on a stall is asserted where time is the test's: the domain's BreakerTests and
            // the actors' FeedWatchTests (a stalled stream under a held position opens it at once, resumption closes it).
            Assert.True(await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM circuit_breaker_events WHERE breaker_type = 'api_failures' AND resolved_at IS NOT NULL") > 0,
                "api_failures should have tripped and been reset by a probe");
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new Exception($"{e.Message}\n--- node output ---\n{node.Out}\n{node.Err}", e);
        }
    }

    /// <summary>The day's two games: Philadelphia at home to Dallas, San Francisco to Green Bay (codes all venues spell alike).</summary>
    private FakeKalshiGameDay Day(FakeKalshiServer fake, TimeSpan kickoffIn, Action<int>? onTick = null) => Day(_venues, fake, kickoffIn, onTick);

    internal static FakeKalshiGameDay Day(FakeVenues venues, FakeKalshiServer fake, TimeSpan kickoffIn, Action<int>? onTick = null, TimeSpan? gameTimePerTick = null)
    {
        var ratings = TeamsSeed.Read(TeamsSeed.DefaultFile(Environment.CurrentDirectory, AppContext.BaseDirectory)
                                     ?? throw new FileNotFoundException("../shared/data/nfl_teams_initial_elo.csv beside the repository"))
            .ToDictionary(t => t.Code, t => (double)t.Elo);
        var kickoff = DateTimeOffset.UtcNow + kickoffIn;
        return new FakeKalshiGameDay(fake, venues.Espn, ratings, seed: 7, [("PHI", "DAL", kickoff), ("SF", "GB", kickoff)],
            new PriceProcessSettings(Lag: 0.5m, Noise: 0.01m, Spread: 0.01m, Levels: 5, Depth: 2000))
        {
            OnTick = onTick, GameTimePerTick = gameTimePerTick ?? TimeSpan.FromSeconds(20),
        };
    }

    /// <summary>
    /// What a day leaves, whatever went wrong on the way: the printed summary agrees with the tables; every order the fake
    /// accepted has its own client order id; every fill at the fake is a trade of the node, attributed to a strategy version;
    /// every position ended; the fake holds nothing after settlement; the node's trades and settled holdings make exactly the
    /// cash the account made at the fake; and its realized P&amp;L is that cash but for average-price rounding.
    /// </summary>
    /// <summary>
    /// What holds at any moment, not only at the day's end (the crash tests check it after every restart): the venue
    /// accepted each client order id once and holds one order per accepted create, and every market and position that has
    /// rows has exactly one current row (an SCD change is one transaction). Returns the keys checked.
    /// </summary>
    internal static async Task<long> AssertAtAnyMomentAsync(FakeKalshiServer fake, DatabaseTarget db, string when)
    {
        var accepted = fake.OrderLog.Where(o => o.Accepted).ToList();
        Assert.All(accepted.GroupBy(o => o.ClientOrderId), g => Assert.True(g.Count() == 1, $"{when}: client order id {g.Key} was accepted {g.Count()} times"));
        Assert.True(accepted.Count == fake.OrderCount, $"{when}: the venue holds {fake.OrderCount} orders for {accepted.Count} accepted creates");
        long keys = 0;
        foreach (var (table, key) in new[] { ("markets", "market_uuid"), ("positions", "position_uuid") })
        {
            var wrong = await NodeDatabase.Scalar(db, $"SELECT COUNT(*) FROM (SELECT {key} FROM {table} GROUP BY {key} " +
                                                      "HAVING SUM(CASE WHEN row_current_ind = TRUE THEN 1 ELSE 0 END) <> 1) x");
            Assert.True(wrong == 0, $"{when}: {wrong} key(s) of {table} without exactly one current row");
            keys += await NodeDatabase.Scalar(db, $"SELECT COUNT(DISTINCT {key}) FROM {table}");
        }
        return keys;
    }

    internal static async Task AssertDayAsync(FakeKalshiServer fake, IReadOnlyDictionary<string, decimal> payouts, DatabaseTarget db, string output, bool balanceMoved)
    {
        static decimal D(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.Contains("==== Session summary", output);
        var printed = long.Parse(TradesLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(printed, await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM trades"));
        Assert.True(printed > 0, "the game day should trade");
        Assert.Matches(@"nfl_value v1\.\d\s+\d+ positions", output); // P&L by strategy version
        Assert.Contains("exits by condition:", output);

        // the venue's witness: one order per client order id, one held order per accepted create; one current row per key
        await AssertAtAnyMomentAsync(fake, db, "at the day's end");

        // no fill lost: each fill at the fake is one trade of the node, by its trade id and client order id
        var fills = fake.Fills;
        Assert.NotEmpty(fills);
        var trades = (await NodeDatabase.Rows(db, "SELECT trade_external_id || ' ' || lower(CAST(client_order_id AS TEXT)) || ' ' || CAST(quantity AS INTEGER) FROM trades")).ToHashSet();
        Assert.All(fills, f => Assert.Contains($"{f.TradeId} {f.ClientOrderId?.ToLowerInvariant()} {f.Count}", trades));
        Assert.Equal(fills.Count, trades.Count);
        // and each trade is its fill in the position's terms: a YES position buys on the bid and pays the YES price, a NO
        // position buys on the ask and pays 1 − it, with the venue's fee
        var booked = (await NodeDatabase.Rows(db, "SELECT t.trade_external_id || ' ' || p.side || ' ' || t.side || ' ' || t.price || ' ' || COALESCE(t.fees, '0') " +
                                                  "FROM trades t JOIN positions p ON p.position_uuid = t.position_uuid AND p.row_current_ind = TRUE"))
            .Select(r => r.Split(' ')).ToDictionary(r => r[0], r => (Side: r[1], Action: r[2], Price: D(r[3]), Fee: D(r[4])));
        Assert.All(fills, f =>
        {
            Assert.True(booked.TryGetValue(f.TradeId, out var t), $"fill {f.TradeId} has no trade on a current position");
            var buys = (t.Side == "yes") == (f.BookSide == "bid");
            var expected = (buys ? "buy" : "sell", t.Side == "yes" ? f.YesPrice : 1m - f.YesPrice, f.Fee);
            Assert.True(expected == (t.Action, t.Price, t.Fee),
                $"fill {f.TradeId} ({f.BookSide} {f.Count} {f.Ticker} at YES {f.YesPrice}, fee {f.Fee}) is booked as {t.Action} on a {t.Side} position at {t.Price}, fee {t.Fee}");
        });
        Assert.Equal(0, await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM trades t JOIN strategies s ON s.strategy_id = t.strategy_id " +
                                         "WHERE s.strategy_name || ' ' || s.strategy_version NOT IN ('nfl_value v1.0', 'nfl_value v1.1')"));

        // every position ended, the venue holds nothing, and the node's P&L is the account's
        Assert.Equal(0, await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM positions WHERE row_current_ind = TRUE AND status NOT IN ('closed', 'settled')"));
        Assert.All(fills.Select(f => f.Ticker).Distinct(), t => Assert.Equal(0, fake.PositionOf(t)));
        // a closed position sold all it bought (what it still held would have been paid out at settlement unseen)
        var held = await NodeDatabase.Rows(db, """
                SELECT p.position_uuid || ' ' || p.side || ' ' || p.status || ' ' || SUM(CASE t.side WHEN 'buy' THEN t.quantity ELSE -t.quantity END)
                FROM positions p JOIN trades t ON t.position_uuid = p.position_uuid
                WHERE p.row_current_ind = TRUE GROUP BY p.position_uuid, p.side, p.status
                """);
        Assert.All(held.Select(r => r.Split(' ')).Where(r => r[2] == "closed"), r =>
            Assert.True(D(r[3]) == 0, $"position {r[0]} ({r[1]}) is closed holding {r[3]} contracts by its trades"));
        // the cash the node's trades and settled holdings make is the account's at the fake, exactly
        var traded = (await NodeDatabase.Rows(db, "SELECT side || ' ' || price || ' ' || quantity || ' ' || COALESCE(fees, '0') FROM trades"))
            .Select(r => r.Split(' ')).Sum(r => (r[0] == "sell" ? 1 : -1) * D(r[1]) * D(r[2]) - D(r[3]));
        var paid = (await NodeDatabase.Rows(db, """
                SELECT p.side || ' ' || m.ticker || ' ' || SUM(CASE t.side WHEN 'buy' THEN t.quantity ELSE -t.quantity END)
                FROM positions p JOIN trades t ON t.position_uuid = p.position_uuid
                JOIN markets m ON m.market_uuid = p.market_uuid AND m.row_current_ind = TRUE
                WHERE p.row_current_ind = TRUE AND p.status = 'settled' GROUP BY p.position_uuid, p.side, m.ticker
                """))
            .Select(r => r.Split(' ')).Sum(r => D(r[2]) * (r[0] == "yes" ? payouts[r[1]] : 1m - payouts[r[1]]));
        Assert.Equal(fake.Balance - StartingBalance, traded + paid);
        if (balanceMoved) Assert.NotEqual(StartingBalance, fake.Balance);
        // and the realized P&L the node reports is that cash, but for the rounding of its average entry prices (to 0.0001 a
        // contract: the position's P&L is figured on its average entry price, kept to four places)
        var pnl = (await NodeDatabase.Rows(db, "SELECT CAST(realized_pnl AS TEXT) FROM positions WHERE row_current_ind = TRUE")).Sum(D);
        Assert.InRange(pnl - (traded + paid), -0.0001m * fills.Sum(f => f.Count), 0.0001m * fills.Sum(f => f.Count));
    }

    [GeneratedRegex(@"trades\s+(\d+)")]
    private static partial Regex TradesLine();
}
