using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;
using Precog.Actors.Breakers;
using Precog.Actors.Markets;
using Precog.Actors.Positions;
using Precog.Actors.Risk;
using Precog.Domain;
using Precog.Domain.Breakers;
using Precog.Domain.Entry;
using Precog.Domain.Fees;
using Precog.Domain.Values;

namespace Precog.Actors.Tests.Risk;

public sealed class RiskManagerTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config Config = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """);

    private static readonly DateTimeOffset T0 = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly TestProbe _positions;
    private readonly TestProbe _breakers;
    private int _ids;

    public RiskManagerTests() : base(Config)
    {
        _positions = CreateTestProbe("positions");
        _breakers = CreateTestProbe("breakers");
    }

    private IActorRef Start() => Sys.ActorOf(RiskManager.Props(new RiskEnvironment(_time, TradingSettings.Default, KalshiFeeModel.Default, new Money(10_000m),
        _positions.Ref, () => new PositionId(new Guid(++_ids, 0, 0, new byte[8])), new HashSet<string> { "kalshi" }) { Breakers = _breakers.Ref }));

    private EntrySignal Signal(string ticker = "KX-A-BUF", decimal p = 0.70m, decimal ask = 0.57m) =>
        new("kalshi", new MarketTicker(ticker), Side.Yes, new Price(ask - 0.02m), new Price(ask), new Probability(p), 0.1m, ConfidenceTier.High,
            "value v1.0", "nfl_elo_ingame v1.0", "nfl", "401", _time.GetUtcNow());

    [Fact]
    public void An_admitted_signal_opens_a_kelly_sized_position_at_the_ask_and_a_second_in_the_same_market_is_refused()
    {
        var risk = Start();

        risk.Tell(Signal());
        var open = _positions.ExpectMsg<OpenPosition>();
        var expected = KellySizer.Size(new Probability(0.70m), new Price(0.57m), new Portfolio(new Money(10_000m), Money.Zero, 0, 0, Money.Zero),
            SizingSettings.Default, KalshiFeeModel.Default);
        Assert.Equal((expected.Contracts, 0.57m, "value v1.0"), (open.Quantity, open.LimitPrice.Value, open.Strategy));

        risk.Tell(Signal());
        _positions.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(new OpenPositionsObserved(T0, 1), _breakers.FishForMessage<SignalBreaker>(m => m.Signal is OpenPositionsObserved).Signal);
    }

    [Fact]
    public void A_version_the_catalog_says_is_not_active_opens_no_position_and_resumes_when_active_again()
    {
        var risk = Start();
        Dictionary<string, Precog.Domain.Versions.VersionStatus> Of(Precog.Domain.Versions.VersionStatus v10) =>
            new() { ["value v1.0"] = v10, ["value v1.1"] = Precog.Domain.Versions.VersionStatus.Active };

        risk.Tell(new Precog.Actors.Catalog.StrategyStatuses(Of(Precog.Domain.Versions.VersionStatus.Deprecated)));
        risk.Tell(Signal());
        _positions.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        risk.Tell(Signal() with { Strategy = "value v1.1" }); // the other version of the same strategy still enters
        Assert.Equal("value v1.1", _positions.ExpectMsg<OpenPosition>().Strategy);

        risk.Tell(new Precog.Actors.Catalog.StrategyStatuses(Of(Precog.Domain.Versions.VersionStatus.Inactive)));
        risk.Tell(Signal("KX-B-BUF"));
        _positions.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        risk.Tell(new Precog.Actors.Catalog.StrategyStatuses(Of(Precog.Domain.Versions.VersionStatus.Active)));
        risk.Tell(Signal("KX-B-BUF"));
        Assert.Equal(("value v1.0", "KX-B-BUF"), _positions.ExpectMsg<OpenPosition>() is var o ? (o.Strategy, o.Ticker.Value) : default);
    }

    [Fact]
    public async Task An_entry_on_a_platform_the_node_does_not_trade_opens_no_position_however_large_its_edge()
    {
        var risk = Start();

        // a Polymarket token followed for its price: its market may judge a large edge and signal, the node cannot trade it
        risk.Tell(Signal("71321045679252212594626385532706912750332728571942532289631379312455583992563", p: 0.95m, ask: 0.40m) with { Platform = "polymarket", Edge = 0.5m });
        _positions.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        var ledger = await risk.Ask<RiskLedger>(new GetRiskLedger(), TimeSpan.FromSeconds(3));
        Assert.Empty(ledger.Open);

        risk.Tell(Signal()); // the node's own venue still enters
        Assert.Equal("kalshi", _positions.ExpectMsg<OpenPosition>().Platform);
    }

    [Fact]
    public void An_open_breaker_blocks_entries_until_it_closes()
    {
        var risk = Start();
        var manual = new BreakerId(BreakerKind.Manual, BreakerId.Global);

        risk.Tell(new BreakerStateChanged(manual, BreakerStatus.Open, "kill switch", T0));
        risk.Tell(Signal());
        _positions.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        risk.Tell(new BreakerStateChanged(manual, BreakerStatus.Closed, "reset", T0));
        risk.Tell(Signal());
        _positions.ExpectMsg<OpenPosition>();
    }

    [Fact]
    public void A_market_stopped_out_cools_down_before_it_may_be_entered_again()
    {
        var risk = Start();
        risk.Tell(Signal());
        var open = _positions.ExpectMsg<OpenPosition>();

        risk.Tell(new PositionEnded(open.Position, new Money(-40m), "stop_loss", _time.GetUtcNow()));
        risk.Tell(Signal());
        _positions.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(new ClosedPositionObserved(T0, -40m), _breakers.FishForMessage<SignalBreaker>(m => m.Signal is ClosedPositionObserved).Signal);

        _time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        risk.Tell(Signal());
        _positions.ExpectMsg<OpenPosition>();
    }

    [Fact]
    public async Task A_restarted_risk_manager_remembers_its_open_positions()
    {
        var risk = Start();
        risk.Tell(Signal());
        _positions.ExpectMsg<OpenPosition>();
        Watch(risk);
        Sys.Stop(risk);
        ExpectTerminated(risk);

        var again = Start();
        again.Tell(Signal());
        _positions.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        var ledger = await again.Ask<RiskLedger>(new GetRiskLedger(), TimeSpan.FromSeconds(5));
        Assert.Single(ledger.Open);
        Assert.True(ledger.Exposure.Value > 0);
    }

    [Fact]
    public void The_board_the_risk_manager_answers_with_is_the_one_that_refuses_entries()
    {
        var risk = Start();
        var kill = new BreakerId(BreakerKind.Manual, BreakerId.Global);

        risk.Tell(new BreakerStateChanged(kill, BreakerStatus.Open, "tripped by operator: test", T0));
        risk.Tell(new GetBreakerBoard(), TestActor);
        var board = ExpectMsg<BreakerBoard>();
        risk.Tell(Signal());

        Assert.Equal([kill], board.Entry(new EntryScope("kalshi", new HashSet<string> { "kalshi", "nfl" })).BlockedBy);
        _positions.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
