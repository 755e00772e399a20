using Akka.Actor;
using Akka.TestKit;
using Precog.Actors.Breakers;
using Precog.Actors.Games;
using Precog.Actors.Gateway;
using Precog.Actors.Hosting;
using Precog.Actors.Markets;
using Precog.Actors.Positions;
using Precog.Actors.Risk;
using Precog.Domain;
using Precog.Domain.Breakers;
using Precog.Domain.Entry;
using Precog.Domain.Exits;
using Precog.Domain.Fees;
using Precog.Domain.Games;
using Precog.Domain.Models;
using Precog.Domain.Models.Elo;
using Precog.Domain.Models.InGame;
using Precog.Domain.Positions;
using Precog.Domain.Risk;
using Precog.Domain.Strategies;
using Precog.Domain.Values;
using Precog.Exchanges;

namespace Precog.Actors.Tests.Breakers;

/// <summary>
/// The breakers wired into the engine as PrecogEngine wires them, without a cluster: real breakers, risk manager,
/// positions and markets on one in-process breaker topic; a probe stands in for the exchange gateway only.
/// Breakers and positions live under small hosts that create them by id, as their shard regions would.
/// </summary>
public sealed class BreakerWiringTests : ActorTestBase
{
    private static readonly DateOnly Today = new(2025, 12, 7);
    private static readonly BreakerId DailyLoss = new(BreakerKind.DailyLossLimit, BreakerId.Global);
    private static readonly BreakerId KalshiApi = new(BreakerKind.ApiFailures, "kalshi");
    private static readonly BreakerId KalshiStale = new(BreakerKind.DataStale, "kalshi");
    private static readonly BreakerId NflStale = new(BreakerKind.DataStale, "nfl");

    private readonly BreakerTopic _topic = BreakerTopic.InProcess();
    private readonly TestProbe _gateway;
    private readonly TestProbe _alerts;
    private int _ids;
    private int _orders;

    public BreakerWiringTests()
    {
        _gateway = CreateTestProbe("gateway");
        _alerts = CreateTestProbe("alerts");
    }

    private static TradingSettings Settings(decimal dailyLossLimit = 500m) =>
        TradingSettings.Default with { Breakers = TradingSettings.Default.Breakers with { DailyLossLimit = dailyLossLimit } };

    // ---- hosts standing in for the shard regions ------------------------------------------------------------

    private sealed class BreakerHost : ReceiveActor
    {
        public BreakerHost(BreakerTopic topic, IActorRef alerts, BreakerSettings settings, TimeProvider clock)
        {
            IActorRef Of(BreakerId id)
            {
                var name = Uri.EscapeDataString(EntityIds.Breaker(id));
                var child = Context.Child(name);
                return child.IsNobody() ? Context.ActorOf(CircuitBreakerActor.Props(id, topic, alerts, settings, clock), name) : child;
            }
            Receive<SignalBreaker>(s => Of(s.Id).Forward(s));
            Receive<GetBreakerState>(g => Of(g.Id).Forward(g));
        }
    }

    private sealed class PositionHost : ReceiveActor
    {
        public PositionHost(Func<PositionId, Props> props)
        {
            IActorRef Of(PositionId id) => Context.Child(id.ToString()) is var c && !c.IsNobody() ? c : Context.ActorOf(props(id), id.ToString());
            Receive<MarkPosition>(m => Of(m.Position).Forward(m.Quote));
            Receive<IPositionMessage>(m => Of(m.Position).Forward(m));
            Receive<IOrderAnswer>(m => Of(m.Position).Forward(m));
        }
    }

    private IActorRef Breakers(TradingSettings settings) =>
        Sys.ActorOf(Props.Create(() => new BreakerHost(_topic, _alerts.Ref, settings.Breakers, Clock)), "breakers");

    private IActorRef Risk(TradingSettings settings, IActorRef positions, IActorRef breakers)
    {
        var risk = Sys.ActorOf(RiskManager.Props(new RiskEnvironment(Clock, settings, KalshiFeeModel.Default, new Money(10_000m), positions,
            () => new PositionId(new Guid(++_ids, 0, 0, new byte[8])), new HashSet<string> { "kalshi" }) { Breakers = breakers, BreakerTopic = _topic }));
        risk.Tell(new GetRiskLedger(), TestActor);
        ExpectMsg<RiskLedger>(); // recovered and subscribed
        return risk;
    }

    private PositionEnvironment PositionEnv(TradingSettings settings, IActorRef? risk) =>
        new(_gateway.Ref, Clock, settings, () => new ClientOrderId(new Guid(++_orders, 0, 0, new byte[8]))) { Risk = risk, Breakers = _topic };

    private BreakerState StateOf(IActorRef breakers, BreakerId id)
    {
        breakers.Tell(new GetBreakerState(id), TestActor);
        return ExpectMsg<BreakerState>();
    }

    private void AwaitStatus(IActorRef breakers, BreakerId id, BreakerStatus status) =>
        AwaitAssert(() => Assert.Equal(status, StateOf(breakers, id).Status), TimeSpan.FromSeconds(5));

    private EntrySignal Signal(string ticker) =>
        new("kalshi", new MarketTicker(ticker), Side.Yes, new Price(0.55m), new Price(0.57m), new Probability(0.70m), 0.1m, ConfidenceTier.High,
            "value v1.0", "nfl_elo_ingame v1.0", "nfl", "401", Clock.GetUtcNow());

    private QuoteUpdated YesQuote(string ticker, decimal bid) =>
        new("kalshi", new MarketTicker(ticker), new Price(bid), new Price(bid + 0.01m), new Price(0.99m - bid), new Price(1 - bid),
            new Quantity(1000), new Quantity(1000), Clock.GetUtcNow());

    /// <summary>Answers a position's entry order with a complete fill at its limit, fee-free (so P&amp;L is only the marks).</summary>
    private OpenPosition FillEntry(IActorRef positions, OpenPosition open)
    {
        var entry = _gateway.ExpectMsg<PlaceOrder>();
        Assert.Equal((open.Position, OrderAction.Buy), (entry.Position, entry.Order.Action));
        var order = $"e-{open.Position}";
        positions.Tell(new OrderReport(open.Position, new VenueOrder(order, entry.Order.ClientOrderId, VenueOrderStatus.Executed,
            [new VenueFill($"t-{order}", order, entry.Order.Quantity, entry.Order.LimitPrice, entry.Order.Side, Money.Zero, true, Clock.GetUtcNow())])));
        return open;
    }

    // ---- entries ------------------------------------------------------------------------------------------

    [Fact]
    public void A_tripped_api_breaker_refuses_entries_until_its_half_open_probe_succeeds()
    {
        var settings = Settings();
        var breakers = Breakers(settings);
        var positions = CreateTestProbe("positions");
        var risk = Risk(settings, positions.Ref, breakers);

        for (var i = 0; i < 5; i++) breakers.Tell(new SignalBreaker(KalshiApi, new ApiCallFailed(T0, "HTTP 503")));
        AwaitStatus(breakers, KalshiApi, BreakerStatus.Open);
        risk.Tell(Signal("KX-A-BUF"));
        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        Advance(TimeSpan.FromSeconds(300)); // its timer half-opens it: one probe call allowed, entries still refused
        AwaitStatus(breakers, KalshiApi, BreakerStatus.HalfOpen);
        risk.Tell(Signal("KX-A-BUF"));
        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        breakers.Tell(new SignalBreaker(KalshiApi, new ApiCallSucceeded(Clock.GetUtcNow())));
        AwaitStatus(breakers, KalshiApi, BreakerStatus.Closed);
        risk.Tell(Signal("KX-A-BUF"));
        Assert.Equal("KX-A-BUF", positions.ExpectMsg<OpenPosition>().Ticker.Value);
    }

    [Fact]
    public void A_risk_manager_started_after_a_trip_refuses_entries_from_its_first_signal()
    {
        var settings = Settings();
        var breakers = Breakers(settings);
        breakers.Tell(new SignalBreaker(new BreakerId(BreakerKind.Manual, BreakerId.Global), new ManualTrip(T0, "carol", "drill")));
        AwaitStatus(breakers, new BreakerId(BreakerKind.Manual, BreakerId.Global), BreakerStatus.Open);
        var positions = CreateTestProbe("positions");

        var risk = Risk(settings, positions.Ref, breakers);
        risk.Tell(Signal("KX-A-BUF"));

        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    // ---- daily loss ---------------------------------------------------------------------------------------

    [Fact]
    public void Unrealized_losses_past_the_daily_limit_trip_the_breaker_and_every_open_position_exits_at_critical()
    {
        // two fee-free positions of ~870 contracts at 0.57: a 2-cent fall costs each ~17.5 dollars, both together ~35
        var settings = Settings(dailyLossLimit: 25m);
        var breakers = Breakers(settings);
        IActorRef? risk = null;
        Func<PositionId, Props> position = id => PositionActor.Props(id, PositionEnv(settings, risk));
        var positions = Sys.ActorOf(Props.Create(() => new PositionHost(position)), "positions");
        var riskRef = risk = Risk(settings, positions, breakers);
        var admitted = new List<OpenPosition>();
        foreach (var ticker in new[] { "KX-A-BUF", "KX-B-BUF" })
        {
            riskRef.Tell(Signal(ticker));
            admitted.Add(FillEntry(positions, AwaitOpened(riskRef, ticker)));
        }

        positions.Tell(new MarkPosition(admitted[0].Position, YesQuote("KX-A-BUF", 0.55m)));
        positions.Tell(new GetPosition(admitted[0].Position), TestActor); // the mark went position -> risk -> breaker: follow it
        ExpectMsg<PositionRecord>();
        riskRef.Tell(new GetRiskLedger(), TestActor);
        ExpectMsg<RiskLedger>();
        Assert.Equal(BreakerStatus.Closed, StateOf(breakers, DailyLoss).Status); // one position's loss is under the limit
        _gateway.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        positions.Tell(new MarkPosition(admitted[1].Position, YesQuote("KX-B-BUF", 0.55m)));

        AwaitStatus(breakers, DailyLoss, BreakerStatus.Open);
        var exits = new[] { _gateway.ExpectMsg<PlaceOrder>(), _gateway.ExpectMsg<PlaceOrder>() };
        Assert.Equal(admitted.Select(a => a.Position.Value).Order(), exits.Select(e => e.Position.Value).Order());
        foreach (var exit in exits)
        {
            Assert.Equal((OrderAction.Sell, TimeInForce.ImmediateOrCancel, 0.01m), (exit.Order.Action, exit.Order.TimeInForce, exit.Order.LimitPrice.Value));
            var triggered = Assert.Single(Journaled($"position-{exit.Position}").OfType<ExitTriggered>());
            Assert.Equal((ExitConditionKind.CircuitBreaker, ExitPriority.Critical), (triggered.Condition, triggered.Priority));
            Assert.Equal(admitted.Single(a => a.Position == exit.Position).Quantity, exit.Order.Quantity);
        }
        riskRef.Tell(Signal("KX-C-BUF"));
        _gateway.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // and no entry is admitted meanwhile
    }

    [Fact]
    public void A_position_started_after_the_daily_loss_breaker_tripped_learns_it_and_exits_at_critical_on_its_first_mark()
    {
        var settings = Settings();
        var breakers = Breakers(settings);
        breakers.Tell(new SignalBreaker(DailyLoss, new DailyPnlObserved(T0, Today, -500.01m)));
        AwaitStatus(breakers, DailyLoss, BreakerStatus.Open);

        var id = new PositionId(Guid.Parse("6f1d9a52-3c1e-4c55-9a41-0c3b0b8f2e11"));
        var position = Sys.ActorOf(PositionActor.Props(id, PositionEnv(settings, risk: null)));
        FillEntry(position, Open(position, id, "KX-A-BUF"));
        position.Tell(YesQuote("KX-A-BUF", 0.60m)); // not even a loss on this one: the breaker alone sends it out

        var exit = _gateway.ExpectMsg<PlaceOrder>();
        Assert.Equal((OrderAction.Sell, TimeInForce.ImmediateOrCancel, 100), (exit.Order.Action, exit.Order.TimeInForce, exit.Order.Quantity.Value));
        Assert.Equal(ExitConditionKind.CircuitBreaker, Assert.Single(Journaled($"position-{id}").OfType<ExitTriggered>()).Condition);
    }

    [Fact]
    public void A_board_started_after_a_trip_learns_it_without_the_breaker_changing_again()
    {
        var breakers = Breakers(Settings());
        for (var i = 0; i < 5; i++) breakers.Tell(new SignalBreaker(KalshiApi, new ApiCallFailed(T0.AddSeconds(i), "HTTP 503")));
        AwaitStatus(breakers, KalshiApi, BreakerStatus.Open);

        var board = Sys.ActorOf(BreakerBoardActor.Props(_topic));

        AwaitAssert(() =>
        {
            board.Tell(new CheckEntry(new EntryScope("kalshi", new HashSet<string> { "nfl" })), TestActor);
            Assert.Equal([KalshiApi], ExpectMsg<EntryAdmission>().BlockedBy);
        }, TimeSpan.FromSeconds(5));
    }

    // ---- data_stale -----------------------------------------------------------------------------------------

    /// <summary>A listed, priced market of a live game (BUF, the stronger, away at CIN), whose signals go to the risk manager.</summary>
    private (MarketTicker Ticker, IActorRef Market) LiveMarket(TradingSettings settings, IActorRef risk)
    {
        var ticker = new MarketTicker("KXNFLGAME-25DEC07CINBUF-BUF");
        var market = Sys.ActorOf(MarketActor.Props("kalshi", ticker, new MarketEnvironment(Clock, settings,
            [new StrategyDefinition("value", "v1.0", NflWinModel.DefaultLabel, 0.05m)],
            new NflWinModel(new Dictionary<string, double> { ["BUF"] = 1700, ["CIN"] = 1500 }, EloConfig.Nfl538, InGameConfig.Nfl), 1000, KalshiFeeModel.Default)
        {
            Risk = risk,
        }));
        market.Tell(new ListMarket("kalshi", ticker, "KXNFLGAME-25DEC07CINBUF", "KXNFLGAME", "Buffalo at Cincinnati", null, "nfl", "401"));
        market.Tell(new ApplyMarketData(Snapshot(ticker, 0.55m, 0.43m, 1)));
        market.Tell(new GameStateChanged("nfl", "401", "CIN", "BUF", 0, 0, "Q1", "14:00", null, null, null, GameStatus.Live, T0));
        return (ticker, market);
    }

    [Fact]
    public void Data_stale_opens_when_a_held_markets_prices_stop_and_closes_when_they_resume()
    {
        var settings = Settings();
        var breakers = Breakers(settings);
        var positions = CreateTestProbe("positions");
        var risk = Risk(settings, positions.Ref, breakers);
        var (ticker, market) = LiveMarket(settings, risk);
        Assert.Equal(ticker, positions.ExpectMsg<OpenPosition>().Ticker); // priced, admitted: the market is now held

        // the game feed keeps confirming its state; the venue's feed falls silent
        for (var s = 10; s <= 120; s += 10)
        {
            Step(market, risk, TimeSpan.FromSeconds(10));
            Assert.Equal(BreakerStatus.Closed, StateOf(breakers, KalshiStale).Status);
        }
        Step(market, risk, TimeSpan.FromSeconds(10)); // 130 s without a price
        AwaitStatus(breakers, KalshiStale, BreakerStatus.Open);
        Assert.Equal(BreakerStatus.Closed, StateOf(breakers, NflStale).Status); // the game feed is fine: per feed
        AwaitAssert(() => Assert.Contains("price 130 s old", StateOf(breakers, KalshiStale).Reason));
        risk.Tell(Signal("KX-OTHER-BUF"));
        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // no entries on markets priced by that feed

        market.Tell(new ApplyMarketData(Snapshot(ticker, 0.56m, 0.42m, 2))); // prices return: closed at once, not at the next check

        AwaitStatus(breakers, KalshiStale, BreakerStatus.Closed);
        risk.Tell(Signal("KX-OTHER-BUF"));
        Assert.Equal("KX-OTHER-BUF", positions.ExpectMsg<OpenPosition>().Ticker.Value);
    }

    [Fact]
    public void Data_stale_of_the_league_opens_when_a_live_games_state_stops_arriving()
    {
        var settings = Settings();
        var breakers = Breakers(settings);
        var positions = CreateTestProbe("positions");
        var risk = Risk(settings, positions.Ref, breakers);
        var (ticker, market) = LiveMarket(settings, risk);
        positions.ExpectMsg<OpenPosition>();

        for (var s = 10; s <= 70; s += 10) // the venue keeps quoting; the game feed is silent
        {
            Advance(TimeSpan.FromSeconds(10));
            market.Tell(new ApplyMarketData(Snapshot(ticker, 0.55m, 0.43m, 1 + s / 10)));
            Sync(market, risk);
        }

        AwaitStatus(breakers, NflStale, BreakerStatus.Open);
        Assert.Equal(BreakerStatus.Closed, StateOf(breakers, KalshiStale).Status);
        market.Tell(new GameStateConfirmed("nfl", "401", Clock.GetUtcNow())); // the feed repeats the state: fresh again
        AwaitStatus(breakers, NflStale, BreakerStatus.Closed);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /// <summary>Tells a position one quote (the hosts route by position id; on a node it comes from the market's topic).</summary>
    private sealed record MarkPosition(PositionId Position, QuoteUpdated Quote) : IPositionMessage;

    /// <summary>The admission the risk manager journaled for this market, once it has (it opens the position then).</summary>
    private OpenPosition AwaitOpened(IActorRef risk, string ticker)
    {
        EntryAdmitted? admitted = null;
        AwaitAssert(() =>
        {
            risk.Tell(new GetRiskLedger(), TestActor);
            admitted = ExpectMsg<RiskLedger>().Open.Values.Single(x => x.Ticker.Value == ticker);
        }, TimeSpan.FromSeconds(5));
        var a = admitted!;
        return new OpenPosition(a.Position, a.Platform, a.Ticker, a.Side, a.Quantity, a.Price, a.Strategy, "m", null, ConfidenceTier.High);
    }

    private OpenPosition Open(IActorRef position, PositionId id, string ticker)
    {
        var open = new OpenPosition(id, "kalshi", new MarketTicker(ticker), Side.Yes, new Quantity(100), new Price(0.60m), "value v1.0", "m v1.0", null, ConfidenceTier.High);
        position.Tell(open);
        return open;
    }

    private static BookSnapshot Snapshot(MarketTicker ticker, decimal yesBid, decimal noBid, long seq) =>
        new("kalshi", ticker, new OrderBook(ticker, [new BookLevel(new Price(yesBid), new Quantity(300))], [new BookLevel(new Price(noBid), new Quantity(200))], T0), seq, T0);

    /// <summary>Ten seconds pass; the game feed confirms its state; everything the clock started has been handled.</summary>
    private void Step(IActorRef market, IActorRef risk, TimeSpan by)
    {
        Advance(by);
        market.Tell(new GameStateConfirmed("nfl", "401", Clock.GetUtcNow()));
        Sync(market, risk);
    }

    /// <summary>A round trip through the market, then the risk manager: what they were told before is handled, and its signals sent.</summary>
    private void Sync(IActorRef market, IActorRef risk)
    {
        market.Tell(new GetMarket("kalshi", new MarketTicker("KXNFLGAME-25DEC07CINBUF-BUF")), TestActor);
        ExpectMsg<MarketView>();
        risk.Tell(new GetRiskLedger(), TestActor);
        ExpectMsg<RiskLedger>();
    }
}
