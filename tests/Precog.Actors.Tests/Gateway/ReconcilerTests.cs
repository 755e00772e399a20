using Akka.Actor;
using Akka.TestKit;
using Precog.Actors.Gateway;
using Precog.Actors.Markets;
using Precog.Actors.Positions;
using Precog.Actors.Risk;
using Precog.Domain;
using Precog.Domain.Entry;
using Precog.Domain.Fees;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges;
using Precog.Exchanges.Simulated;

namespace Precog.Actors.Tests.Gateway;

/// <summary>
/// The reconciler between a real risk manager (whose admissions say whether entries are blocked), a real supervised
/// gateway and a simulated venue changed by hand; the alerts' side is a probe standing for the notice adapter.
/// </summary>
public sealed class ReconcilerTests : ActorTestBase
{
    private static readonly MarketTicker Ticker = new("KXNFLGAME-25DEC07BUFCIN-BUF");
    private static readonly ExchangeGatewaySettings Settings = ExchangeGatewaySettings.Default with
    {
        ReconcileInterval = TimeSpan.FromMinutes(1), ReconcileConfirmAfter = TimeSpan.FromSeconds(10), PollInterval = TimeSpan.FromHours(1),
    };

    private readonly SimulatedExchange _venue;
    private readonly TestProbe _positions;
    private readonly TestProbe _notices;
    private readonly IActorRef _risk;
    private int _ids;

    public ReconcilerTests()
    {
        _venue = new SimulatedExchange(SimulatedExchangeSettings.Default with { Seed = 42 }, Clock);
        _venue.ListMarket(Ticker);
        _positions = CreateTestProbe("positions");
        _notices = CreateTestProbe("notices");
        _risk = Sys.ActorOf(RiskManager.Props(new RiskEnvironment(Clock, TradingSettings.Default, KalshiFeeModel.Default, new Money(10_000m), _positions.Ref,
            () => new PositionId(new Guid(++_ids, 0, 0, new byte[8])), new HashSet<string> { "kalshi" })), "risk-manager");
    }

    private IActorRef StartReconciler()
    {
        var gateway = Sys.ActorOf(ExchangeGatewayActor.Supervised(_venue, Clock, Settings, _positions.Ref, CreateTestProbe("api").Ref), "gateway-kalshi");
        return Sys.ActorOf(Reconciler.Props("kalshi", gateway, _risk, _positions.Ref, _notices.Ref, Clock, Settings), "reconciler-kalshi");
    }

    /// <summary>Puts a holding at the venue that no position of the engine made (another client, a hand trade).</summary>
    private async Task BuyAtTheVenue(int contracts)
    {
        _venue.SetBook(Ticker, [new BookLevel(new Price(0.04m), new Quantity(1_000))], []);
        await _venue.PlaceOrderAsync(new OrderRequest(ClientOrderId.New(), "kalshi", Ticker, Side.No, OrderAction.Buy, new Quantity(contracts), new Price(0.96m),
            TimeInForce.ImmediateOrCancel), CancellationToken.None);
    }

    private EntrySignal Signal(string ticker = "KX-A-BUF") =>
        new("kalshi", new MarketTicker(ticker), Side.Yes, new Price(0.55m), new Price(0.57m), new Probability(0.70m), 0.1m, ConfidenceTier.High,
            "value v1.0", "nfl_elo_ingame v1.0", "nfl", "401", Clock.GetUtcNow());

    private static async Task<ReconciliationStatus> Until(IActorRef reconciler, Func<ReconciliationStatus, bool> condition)
    {
        var give = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var status = await reconciler.Ask<ReconciliationStatus>(GetReconciliationStatus.Instance, TimeSpan.FromSeconds(3));
            if (condition(status)) return status;
            if (DateTime.UtcNow > give) throw new TimeoutException($"reconciler still at {status}");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task An_unknown_venue_position_found_at_start_raises_a_critical_alert_and_blocks_entries_until_a_later_reconciliation_matches()
    {
        // Given the venue holds 103 NO that no position of the engine holds
        await BuyAtTheVenue(103);

        // When the reconciler starts, sees it, and sees it again after the confirmation wait
        var reconciler = StartReconciler();
        await Until(reconciler, s => s.Runs == 1);
        _notices.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // not yet: a first look may catch a fill on its way
        Advance(Settings.ReconcileConfirmAfter);

        // Then the alert side hears the mismatch, the exchange's side named
        var mismatch = _notices.ExpectMsg<ReconciliationMismatch>();
        Assert.Equal(["KXNFLGAME-25DEC07BUFCIN-BUF: expected nothing, exchange has No 103"], mismatch.Mismatches);
        Assert.Equal(("kalshi", T0.AddSeconds(10)), (mismatch.Platform, mismatch.At));

        // And the risk manager refuses entries on that platform
        _risk.Tell(Signal());
        _positions.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // When the holding is gone (the market settled) and the next periodic reconciliation comes
        _venue.CloseMarket(Ticker);
        _venue.SettleMarket(Ticker, Price.One);
        Advance(Settings.ReconcileInterval - Settings.ReconcileConfirmAfter);
        var resolved = await Until(reconciler, s => !s.Blocked);

        // Then entries are admitted again, and the resolution raised no second alert
        Assert.Equal((3, T0.AddMinutes(1)), (resolved.Runs, resolved.LastAt));
        _risk.Tell(Signal());
        _positions.ExpectMsg<OpenPosition>();
        _notices.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_difference_gone_when_it_is_looked_at_again_neither_alerts_nor_blocks()
    {
        await BuyAtTheVenue(5);
        var reconciler = StartReconciler();
        await Until(reconciler, s => s.Runs == 1);

        _venue.CloseMarket(Ticker);
        _venue.SettleMarket(Ticker, Price.Zero);
        Advance(Settings.ReconcileConfirmAfter);

        var status = await Until(reconciler, s => s.Runs == 2);
        Assert.False(status.Blocked);
        _notices.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        _risk.Tell(Signal());
        _positions.ExpectMsg<OpenPosition>();
    }

    [Fact]
    public async Task The_periodic_timer_reconciles_once_every_interval_and_catches_a_holding_that_appears_between_two()
    {
        // Given venue and engine agree (both hold nothing): one reconciliation at start
        var reconciler = StartReconciler();
        Assert.Equal(T0, (await Until(reconciler, s => s.Runs == 1)).LastAt);

        // Then one more per interval, none in between
        Advance(Settings.ReconcileInterval - TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await Until(reconciler, _ => true)).Runs);
        Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(T0.AddMinutes(1), (await Until(reconciler, s => s.Runs == 2)).LastAt);
        Advance(Settings.ReconcileInterval);
        Assert.Equal(T0.AddMinutes(2), (await Until(reconciler, s => s.Runs == 3)).LastAt);

        // When a holding appears at the venue between two reconciliations
        await BuyAtTheVenue(7);
        Advance(Settings.ReconcileInterval);
        await Until(reconciler, s => s.Runs == 4);
        Advance(Settings.ReconcileConfirmAfter);

        // Then the next one (confirmed) blocks entries and alerts
        Assert.True((await Until(reconciler, s => s.Runs == 5)).Blocked);
        Assert.Contains("exchange has No 7", Assert.Single(_notices.ExpectMsg<ReconciliationMismatch>().Mismatches));
        _risk.Tell(Signal());
        _positions.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_resting_order_no_position_has_out_is_a_mismatch()
    {
        // Given an order rests at the venue that no position of the engine placed
        await _venue.PlaceOrderAsync(new OrderRequest(ClientOrderId.New(), "kalshi", Ticker, Side.Yes, OrderAction.Buy, new Quantity(10), new Price(0.20m),
            TimeInForce.GoodTillCanceled), CancellationToken.None);

        var reconciler = StartReconciler();
        await Until(reconciler, s => s.Runs == 1);
        Advance(Settings.ReconcileConfirmAfter);

        var mismatch = Assert.Single(_notices.ExpectMsg<ReconciliationMismatch>().Mismatches);
        Assert.Contains("rests at the exchange but no position has it out", mismatch);
        Assert.StartsWith($"{Ticker}: order ", mismatch);
    }

    /// <summary>An open position of the risk manager, whose entry order bought 10 YES at the venue; and its record before it heard of the fill.</summary>
    private async Task<(PositionId Position, PositionRecord Unaware)> PositionWhoseEntryFilledUnheard()
    {
        _risk.Tell(Signal(Ticker.Value));
        var open = _positions.ExpectMsg<OpenPosition>();
        var entry = ClientOrderId.New();
        _venue.SetBook(Ticker, [], [new BookLevel(new Price(0.45m), new Quantity(1_000))]);
        await _venue.PlaceOrderAsync(new OrderRequest(entry, "kalshi", Ticker, Side.Yes, OrderAction.Buy, new Quantity(10), new Price(0.55m), TimeInForce.ImmediateOrCancel),
            CancellationToken.None);
        var unaware = PositionRecord.Empty
            .Apply(new PositionOpened(open.Position, "kalshi", Ticker, Side.Yes, new Quantity(10), new Price(0.55m), "value v1.0", "nfl_elo_ingame v1.0", null,
                ConfidenceTier.High, TrailingStopSettings.Default, T0))
            .Apply(new EntryOrderPlanned(open.Position, entry, new Quantity(10), new Price(0.55m), T0));
        return (open.Position, unaware);
    }

    /// <summary>The positions' side answers what a position holds with whatever record the test has made current.</summary>
    private void AnswerPositionsWith(Func<PositionRecord> current) =>
        _positions.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is GetPosition) sender.Tell(current());
            return AutoPilot.KeepRunning;
        }));

    [Fact]
    public async Task A_fill_at_the_venue_that_its_position_never_recorded_is_told_to_the_position_and_once_recorded_nothing_alerts_or_blocks()
    {
        // Given a position whose entry filled at the venue while its notice was lost: the position holds nothing it knows of
        var (position, unaware) = await PositionWhoseEntryFilledUnheard();
        var record = unaware;
        AnswerPositionsWith(() => record);

        // When the reconciler looks
        var reconciler = StartReconciler();
        await Until(reconciler, s => s.Runs == 1);

        // Then the venue wins: the position is told its order with the fill it missed, as a query would have told it
        var report = (OrderReport)_positions.FishForMessage(m => m is OrderReport);
        Assert.Equal(position, report.Position);
        Assert.Equal(unaware.Entry!.ClientOrderId, report.ClientOrderId);
        var fill = Assert.Single(report.Order.Fills);
        Assert.Equal((10, 0.55m), (fill.Quantity.Value, fill.PriceOf(Side.Yes).Value));

        // When the position records it (as the position actor does with a report) before the second look
        record = unaware.Apply(new FillRecorded(position, report.ClientOrderId, fill.OrderId, fill.TradeId, OrderAction.Buy, fill.Quantity, fill.PriceOf(Side.Yes),
                fill.Fee, fill.IsTaker, fill.At))
            .Apply(new EntryCompleted(position, fill.Quantity, T0));
        Advance(Settings.ReconcileConfirmAfter);

        // Then the second look agrees on holdings and fills: no alert, entries still admitted
        Assert.False((await Until(reconciler, s => s.Runs == 2)).Blocked);
        _notices.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_trade_a_position_recorded_that_the_venue_does_not_have_alerts_and_blocks_entries()
    {
        // Given a position that recorded its entry's real fill and a second trade the venue never made
        var (position, unaware) = await PositionWhoseEntryFilledUnheard();
        var real = (await _venue.GetFillsAsync(null, null, CancellationToken.None)).Single();
        var record = unaware
            .Apply(new FillRecorded(position, unaware.Entry!.ClientOrderId, real.OrderId, real.TradeId, OrderAction.Buy, new Quantity(6), real.Price, real.Fee, true, T0))
            .Apply(new FillRecorded(position, unaware.Entry!.ClientOrderId, real.OrderId, "t-ghost", OrderAction.Buy, new Quantity(4), real.Price, real.Fee, true, T0));
        AnswerPositionsWith(() => record);

        // When the reconciler looks, and looks again
        var reconciler = StartReconciler();
        await Until(reconciler, s => s.Runs == 1);
        Advance(Settings.ReconcileConfirmAfter);

        // Then the alert names the trade only the engine has (the holdings agree: 10 YES either way), and entries are blocked
        var mismatch = Assert.Single(_notices.ExpectMsg<ReconciliationMismatch>().Mismatches);
        Assert.Equal($"{Ticker}: position {position} recorded trade t-ghost, which the exchange does not have", mismatch);
        Assert.True((await Until(reconciler, s => s.Runs == 2)).Blocked);
    }
}
