using Precog.Domain;
using Precog.Domain.Entry;
using Precog.Domain.Exits;
using Precog.Domain.Games;
using Precog.Domain.Markets;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Domain.Versions;
using Precog.Persistence.Projection;
using Precog.Persistence.ReadModels;
using Precog.Persistence.Schema;

namespace Precog.Persistence.Tests.ReadModels;

/// <summary>The typed reads, over a small journal whose every number is known, on every database.</summary>
public abstract class ProjectionQueriesContract(TestDatabase databases) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);
    private static readonly MarketTicker Buf = new("KXNFLGAME-25DEC07BUFCIN-BUF");
    private static readonly MarketTicker Cin = new("KXNFLGAME-25DEC07BUFCIN-CIN");
    private static readonly PositionId Long = new(Guid.Parse("0f0e0d0c-0b0a-4908-8706-050403020100"));
    private static readonly PositionId Short = new(Guid.Parse("1f1e1d1c-1b1a-4918-9716-151413121110"));

    private ProjectionQueries _queries = null!;

    public Task DisposeAsync() => databases.DisposeAsync().AsTask();

    public async Task InitializeAsync()
    {
        var target = await databases.CreateAsync();
        await MigrationRunner.MigrateAsync(target, null);
        await using (var feeder = new JournalFeeder(target))
        {
            await feeder.Persist("catalog", [
                new VersionRegistered(VersionKind.Strategy, "halftime_entry", "v1.0", "entry", "{}", "h1", VersionStatus.Active, null, null, T0),
                new VersionRegistered(VersionKind.Model, "elo_nfl", "v1.0", "elo", "{}", "h2", VersionStatus.Active, null, null, T0),
                new VersionRegistered(VersionKind.Method, "conservative_nfl", "v1.0", "nfl", "{}", "h3", VersionStatus.Active, "halftime_entry v1.0", "elo_nfl v1.0", T0),
            ]);
            await feeder.Persist("market-buf", [
                new MarketListed("kalshi", Buf, "KXNFLGAME-25DEC07BUFCIN", "KXNFLGAME", "Buffalo wins?", "binary", null, T0),
                Quote(Buf, 0.55m, T0.AddMinutes(1)),
                Quote(Buf, 0.62m, T0.AddMinutes(10)),
            ]);
            await feeder.Persist("market-cin", [
                new MarketListed("kalshi", Cin, "KXNFLGAME-25DEC07BUFCIN", "KXNFLGAME", "Cincinnati wins?", "binary", null, T0),
                Quote(Cin, 0.40m, T0.AddMinutes(1)),
                new MarketStatusChanged("kalshi", Cin, MarketStatus.Closed, T0.AddMinutes(20)),
            ]);
            await feeder.Persist("game", [
                new GameStateChanged("nfl", "401", "CIN", "BUF", 0, 0, "Q1", "15:00", null, null, null, GameStatus.Live, T0),
                new GameStateChanged("nfl", "401", "CIN", "BUF", 0, 7, "Q1", "09:12", "BUF", 1, 10, GameStatus.Live, T0.AddMinutes(6)),
            ]);
            var order = new ClientOrderId(Guid.Parse("aaaaaaaa-0000-4000-8000-000000000001"));
            await feeder.Persist("position-long", [
                new PositionOpened(Long, "kalshi", Buf, Side.Yes, new Quantity(100), new Price(0.57m), "halftime_entry v1.0", "elo_nfl v1.0", "conservative_nfl v1.0",
                    ConfidenceTier.High, TrailingStopSettings.Default, T0.AddMinutes(2)),
                new EntryOrderPlanned(Long, order, new Quantity(100), new Price(0.57m), T0.AddMinutes(2)),
                new FillRecorded(Long, order, "o-1", "trade-1", OrderAction.Buy, new Quantity(60), new Price(0.56m), new Money(0.60m), true, T0.AddMinutes(3)),
                new FillRecorded(Long, order, "o-1", "trade-2", OrderAction.Buy, new Quantity(40), new Price(0.57m), new Money(0.40m), true, T0.AddMinutes(4)),
            ]);
            var exit = new ClientOrderId(Guid.Parse("aaaaaaaa-0000-4000-8000-000000000002"));
            await feeder.Persist("position-short", [
                new PositionOpened(Short, "kalshi", Buf, Side.No, new Quantity(10), new Price(0.45m), "halftime_entry v1.0", "elo_nfl v1.0", null,
                    ConfidenceTier.Low, TrailingStopSettings.Default, T0.AddMinutes(2)),
                new FillRecorded(Short, order, "o-2", "trade-3", OrderAction.Buy, new Quantity(10), new Price(0.45m), new Money(0.18m), true, T0.AddMinutes(3)),
                new ExitTriggered(Short, ExitConditionKind.StopLoss, ExitPriority.Critical, new Quantity(10), "pnl below -0.08", null, [], T0.AddMinutes(11)),
                new ExitAttemptPlanned(Short, 1, ExitPriority.Critical, ExitOrderType.Market, new Price(0.01m), new Quantity(10), exit, TimeSpan.FromSeconds(5), T0.AddMinutes(11)),
                new FillRecorded(Short, exit, "o-3", "trade-4", OrderAction.Sell, new Quantity(10), new Price(0.36m), new Money(0.17m), true, T0.AddMinutes(12)),
                new ExitAttemptResolved(Short, 1, ExitAttemptOutcome.Filled, new Quantity(10), new Price(0.36m), "o-3", T0.AddMinutes(12)),
                new ExitCompleted(Short, ExitConditionKind.StopLoss, ExitPriority.Critical, new Quantity(10), new Price(0.36m), new Money(-0.90m), "trade-4", T0.AddMinutes(12)),
                new PositionClosed(Short, new Price(0.36m), new Money(-1.25m), "stop_loss", T0.AddMinutes(12)),
            ]);
        }
        await new ScdWriter(target, ScdWriterSettings.Default, TimeProvider.System).CatchUpAsync(CancellationToken.None);
        _queries = new ProjectionQueries(target);
    }

    private static QuoteChanged Quote(MarketTicker t, decimal yesBid, DateTimeOffset at) =>
        new("kalshi", t, new Price(yesBid), new Price(yesBid + 0.02m), new Price(1 - yesBid - 0.02m), new Price(1 - yesBid), new Quantity(500), new Quantity(400), 1000, 200, at);

    [Fact]
    public async Task Current_markets_show_the_last_bids_and_open_only_leaves_out_closed_ones()
    {
        var all = await _queries.CurrentMarketsAsync();
        var open = await _queries.CurrentMarketsAsync(openOnly: true);

        Assert.Equal([Buf.Value, Cin.Value], all.Select(m => m.Ticker));
        Assert.Equal((0.62m, 0.36m, 0.02m), (all[0].YesBid!.Value, all[0].NoBid!.Value, all[0].Spread!.Value));
        Assert.Equal([Buf.Value], open.Select(m => m.Ticker));
    }

    [Fact]
    public async Task A_market_as_of_a_time_is_the_version_that_held_then()
    {
        Assert.Null(await _queries.MarketAsOfAsync("kalshi", Buf, T0.AddSeconds(-1)));
        Assert.Null((await _queries.MarketAsOfAsync("kalshi", Buf, T0.AddSeconds(30)))!.YesBid);
        Assert.Equal(0.55m, (await _queries.MarketAsOfAsync("kalshi", Buf, T0.AddMinutes(9).AddSeconds(59)))!.YesBid);
        Assert.Equal(0.62m, (await _queries.MarketAsOfAsync("kalshi", Buf, T0.AddMinutes(10)))!.YesBid);
        var history = await _queries.MarketHistoryAsync("kalshi", Buf);
        Assert.Equal([null, 0.55m, 0.62m], history.Select(h => h.YesBid));
        Assert.Equal(history.Skip(1).Select(h => (DateTimeOffset?)h.ValidFrom), history.SkipLast(1).Select(h => h.ValidTo));
    }

    [Fact]
    public async Task A_position_as_of_a_time_shows_what_it_held_then()
    {
        Assert.Equal(60, (await _queries.PositionAsOfAsync(Long, T0.AddMinutes(3).AddSeconds(30)))!.Quantity);
        var later = (await _queries.PositionAsOfAsync(Long, T0.AddMinutes(5)))!;
        Assert.Equal(100, later.Quantity);
        Assert.Equal(0.5640m, later.EntryPrice); // (60 × 0.56 + 40 × 0.57) / 100
        Assert.Equal(4, (await _queries.PositionHistoryAsync(Long)).Count);
        Assert.Equal("open", (await _queries.PositionAsOfAsync(Short, T0.AddMinutes(11).AddSeconds(30)))!.Status);
        Assert.Equal("closed", (await _queries.PositionAsOfAsync(Short, T0.AddMinutes(13)))!.Status);
    }

    [Fact]
    public async Task Positions_with_pnl_are_marked_at_the_bid_of_their_side()
    {
        var open = await _queries.PositionsWithPnlAsync();
        var all = await _queries.PositionsWithPnlAsync(openOnly: false);

        var p = Assert.Single(open);
        Assert.Equal(Long.Value, p.Position.PositionUuid);
        Assert.Equal(0.62m, p.Mark);
        Assert.Equal(100 * (0.62m - 0.5640m), p.UnrealizedPnl);
        Assert.Equal(-1.00m, p.Position.RealizedPnl); // the two entry fees
        Assert.Equal(("halftime_entry v1.0", "elo_nfl v1.0", "conservative_nfl v1.0"), (p.Position.Strategy, p.Position.Model, p.Position.Method));
        var closed = all.Single(x => x.Position.PositionUuid == Short.Value);
        Assert.Equal(("closed", -1.25m, "stop_loss"), (closed.Position.Status, closed.Position.RealizedPnl, closed.Position.ExitReason));
        Assert.Equal(0.36m, closed.Mark); // the NO bid of the market it was in
    }

    [Fact]
    public async Task Every_trade_is_attributed_to_the_exact_versions_of_its_position()
    {
        var trades = await _queries.TradeAttributionAsync();

        Assert.Equal(["trade-4", "trade-2", "trade-3", "trade-1"], trades.Select(t => t.TradeExternalId));
        Assert.All(trades, t => Assert.Equal(("halftime_entry v1.0", "elo_nfl v1.0"), (t.Strategy, t.Model)));
        Assert.Equal(["conservative_nfl v1.0", "conservative_nfl v1.0"], trades.Where(t => t.PositionUuid == Long.Value).Select(t => t.Method));
        Assert.All(trades.Where(t => t.PositionUuid == Short.Value), t => Assert.Null(t.Method));
        Assert.Equal(("sell", 0.36m, 10, 0.17m), (trades[0].Side, trades[0].Price, trades[0].Quantity, trades[0].Fees));
    }

    [Fact]
    public async Task A_game_as_of_a_time_shows_the_score_then_with_possession_as_home_or_away()
    {
        var early = (await _queries.GameAsOfAsync("nfl", "401", T0.AddMinutes(5)))!;
        var later = (await _queries.GameAsOfAsync("nfl", "401", T0.AddMinutes(7)))!;

        Assert.Equal((0, 0, null), (early.HomeScore!.Value, early.AwayScore!.Value, early.Possession));
        Assert.Equal((0, 7, "away", "09:12"), (later.HomeScore!.Value, later.AwayScore!.Value, later.Possession, later.TimeRemaining));
    }
}

public sealed class SqliteProjectionQueriesTests() : ProjectionQueriesContract(TestDatabase.Sqlite());

public sealed class PostgresProjectionQueriesTests() : ProjectionQueriesContract(TestDatabase.Postgres());
