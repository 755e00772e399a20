using Akka.Actor;
using Precog.Actors.Breakers;
using Precog.Domain.Breakers;

namespace Precog.Actors.Tests.Breakers;

public class BreakerBoardTests : ActorTestBase
{
    private static readonly EntryScope KalshiNfl = new("kalshi", new HashSet<string> { "nfl-feed" });
    private static readonly EntryScope PolymarketNba = new("polymarket", new HashSet<string> { "nba-feed" });

    private (IActorRef Breaker, IActorRef Board) Wire(BreakerId id)
    {
        var board = Sys.ActorOf(BreakerBoardActor.Props(BreakerTopic.Direct()));
        var breaker = Sys.ActorOf(CircuitBreakerActor.Props(id, BreakerTopic.Direct(board), CreateTestProbe().Ref, clock: Clock));
        return (breaker, board);
    }

    [Fact]
    public void A_tripped_api_breaker_blocks_entries_on_its_exchange_only()
    {
        var id = new BreakerId(BreakerKind.ApiFailures, "kalshi");
        var (breaker, board) = Wire(id);

        for (var i = 0; i < 5; i++) breaker.Tell(new SignalBreaker(id, new ApiCallFailed(T0.AddSeconds(i), "HTTP 500")));

        AwaitAssert(() =>
        {
            board.Tell(new CheckEntry(KalshiNfl), TestActor);
            Assert.Equal([id], ExpectMsg<EntryAdmission>().BlockedBy);
        });
        board.Tell(new CheckEntry(PolymarketNba), TestActor);
        Assert.True(ExpectMsg<EntryAdmission>().Allowed);
    }

    [Fact]
    public void An_open_daily_loss_breaker_blocks_every_entry_and_tells_positions_to_exit_at_critical()
    {
        var id = new BreakerId(BreakerKind.DailyLossLimit, BreakerId.Global);
        var (breaker, board) = Wire(id);
        board.Tell(new GetBreakerBoard(), TestActor);
        Assert.False(ExpectMsg<BreakerBoard>().ExitAll);

        breaker.Tell(new SignalBreaker(id, new DailyPnlObserved(T0, new DateOnly(2025, 12, 7), -500.01m)));

        AwaitAssert(() =>
        {
            board.Tell(new GetBreakerBoard(), TestActor);
            var view = ExpectMsg<BreakerBoard>();
            Assert.True(view.ExitAll);
            Assert.False(view.Entry(PolymarketNba).Allowed);
        });
    }

    [Fact]
    public void Stale_data_blocks_only_markets_that_depend_on_the_feed_and_fresh_data_lifts_it()
    {
        var stale = new BreakerId(BreakerKind.DataStale, "nfl-feed");
        var board = BreakerBoard.Empty.Apply(new BreakerStateChanged(stale, BreakerStatus.Open, "price 130 s old", T0));

        Assert.False(board.Entry(KalshiNfl).Allowed);
        Assert.True(board.Entry(PolymarketNba).Allowed);
        Assert.True(board.Apply(new BreakerStateChanged(stale, BreakerStatus.Closed, "fresh", T0.AddSeconds(5))).Entry(KalshiNfl).Allowed);
    }

    [Fact]
    public void A_change_older_than_the_one_held_is_ignored()
    {
        var id = new BreakerId(BreakerKind.PositionLimit, BreakerId.Global);
        var board = BreakerBoard.Empty
            .Apply(new BreakerStateChanged(id, BreakerStatus.Open, "11 open", T0.AddSeconds(10)))
            .Apply(new BreakerStateChanged(id, BreakerStatus.Closed, "9 open", T0));

        Assert.False(board.Entry(KalshiNfl).Allowed);
    }
}
