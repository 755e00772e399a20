using Akka.Actor;
using Akka.TestKit;
using Precog.Actors.Alerts;
using Precog.Actors.Breakers;
using Precog.Domain.Alerts;
using Precog.Domain.Breakers;

namespace Precog.Actors.Tests.Breakers;

public class CircuitBreakerActorTests : ActorTestBase
{
    private static readonly BreakerId Kalshi = new(BreakerKind.ApiFailures, "kalshi");
    private readonly TestProbe _published;
    private readonly TestProbe _alerts;

    public CircuitBreakerActorTests()
    {
        _published = CreateTestProbe();
        _alerts = CreateTestProbe();
    }

    private IActorRef Start(BreakerId id, params IActorRef[] alsoPublishTo) =>
        Sys.ActorOf(CircuitBreakerActor.Props(id, BreakerTopic.Direct([_published.Ref, .. alsoPublishTo]), _alerts.Ref, clock: Clock));

    private static void Fail(IActorRef breaker, int count, DateTimeOffset from)
    {
        for (var i = 0; i < count; i++)
            breaker.Tell(new SignalBreaker(Kalshi, new ApiCallFailed(from.AddSeconds(i * 10), "HTTP 503")));
    }

    private BreakerState StateOf(IActorRef breaker)
    {
        breaker.Tell(new GetBreakerState(Kalshi), TestActor);
        return ExpectMsg<BreakerState>();
    }

    [Fact]
    public void A_trip_is_journaled_then_published_and_raised_as_a_high_alert()
    {
        var breaker = Start(Kalshi);

        Fail(breaker, 5, T0);

        var changed = _published.ExpectMsg<BreakerStateChanged>();
        Assert.Equal((Kalshi, BreakerStatus.Open, T0.AddSeconds(40)), (changed.Id, changed.Status, changed.At));
        var alert = _alerts.ExpectMsg<RaiseAlert>();
        Assert.Equal((AlertSeverity.High, "api_failures/kalshi"), (alert.Severity, alert.Component));
        var transition = Assert.Single(Journaled("breaker-api_failures-kalshi").OfType<BreakerTransitioned>());
        Assert.Equal((BreakerStatus.Closed, BreakerStatus.Open), (transition.Transition.From, transition.Transition.To));
    }

    [Fact]
    public void Failures_counted_inside_the_window_are_journaled_but_neither_published_nor_alerted()
    {
        var breaker = Start(Kalshi);

        Fail(breaker, 4, T0);

        Assert.Equal(4, StateOf(breaker).Memory.Failures.Count);
        Assert.Equal(4, Journaled("breaker-api_failures-kalshi").OfType<BreakerMemoryChanged>().Count());
        _published.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        _alerts.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void An_open_api_breaker_half_opens_by_its_timer_after_300_s_and_a_good_probe_closes_it()
    {
        var breaker = Start(Kalshi);
        Clock.SetUtcNow(T0.AddSeconds(40));
        Fail(breaker, 5, T0);
        Assert.Equal(BreakerStatus.Open, _published.ExpectMsg<BreakerStateChanged>().Status);

        Clock.Advance(TimeSpan.FromSeconds(299));
        _published.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Clock.Advance(TimeSpan.FromSeconds(1));

        var halfOpen = _published.ExpectMsg<BreakerStateChanged>();
        Assert.Equal((BreakerStatus.HalfOpen, T0.AddSeconds(340)), (halfOpen.Status, halfOpen.At));
        breaker.Tell(new SignalBreaker(Kalshi, new ApiCallSucceeded(T0.AddSeconds(345))));
        Assert.Equal(BreakerStatus.Closed, _published.ExpectMsg<BreakerStateChanged>().Status);
    }

    [Fact]
    public void A_failed_probe_reopens_the_breaker_and_rearms_its_timer()
    {
        var breaker = Start(Kalshi);
        Clock.SetUtcNow(T0.AddSeconds(40));
        Fail(breaker, 5, T0);
        _published.ExpectMsg<BreakerStateChanged>();
        Clock.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal(BreakerStatus.HalfOpen, _published.ExpectMsg<BreakerStateChanged>().Status);

        Clock.SetUtcNow(T0.AddSeconds(350));
        breaker.Tell(new SignalBreaker(Kalshi, new ApiCallFailed(T0.AddSeconds(350), "timeout")));

        var reopened = _published.ExpectMsg<BreakerStateChanged>();
        Assert.Equal((BreakerStatus.Open, T0.AddSeconds(350)), (reopened.Status, reopened.At));
        Assert.Equal(BreakerStatus.Open, StateOf(breaker).Status); // handled: the timer is armed again
        Clock.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal(BreakerStatus.HalfOpen, _published.ExpectMsg<BreakerStateChanged>().Status);
    }

    [Fact]
    public void A_restarted_breaker_recovers_the_failures_it_had_counted_and_trips_on_the_fifth()
    {
        var breaker = Start(Kalshi);
        Fail(breaker, 3, T0);
        Assert.Equal(3, StateOf(breaker).Memory.Failures.Count);
        StopAndWait(breaker);

        var again = Start(Kalshi);
        Fail(again, 2, T0.AddSeconds(60));

        var changed = _published.ExpectMsg<BreakerStateChanged>();
        Assert.Equal(BreakerStatus.Open, changed.Status);
    }

    [Fact]
    public void A_restarted_open_breaker_is_still_open_publishes_that_and_half_opens_when_due()
    {
        var breaker = Start(Kalshi);
        Clock.SetUtcNow(T0.AddSeconds(40));
        Fail(breaker, 5, T0);
        _published.ExpectMsg<BreakerStateChanged>();
        StopAndWait(breaker);
        Clock.SetUtcNow(T0.AddSeconds(200));

        var again = Start(Kalshi);

        Assert.Equal(BreakerStatus.Open, _published.ExpectMsg<BreakerStateChanged>().Status);
        Assert.Equal(BreakerStatus.Open, StateOf(again).Status);
        Clock.Advance(TimeSpan.FromSeconds(139));
        _published.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(BreakerStatus.HalfOpen, _published.ExpectMsg<BreakerStateChanged>().Status);
    }

    [Fact]
    public void A_breaker_tripped_by_hand_is_still_held_after_a_restart_past_its_half_open_time_until_a_reset()
    {
        var breaker = Start(Kalshi);
        breaker.Tell(new SignalBreaker(Kalshi, new ManualTrip(T0, "carol", "venue incident")));
        Assert.Equal(BreakerStatus.Open, _published.ExpectMsg<BreakerStateChanged>().Status);
        StopAndWait(breaker);
        Clock.SetUtcNow(T0.AddSeconds(400)); // its rule alone would have half-opened it at 300 s

        var again = Start(Kalshi);
        Assert.Equal(BreakerStatus.Open, _published.ExpectMsg<BreakerStateChanged>().Status);
        again.Tell(new SignalBreaker(Kalshi, new ClockTicked(T0.AddSeconds(400))));
        var state = StateOf(again);
        Assert.Equal((BreakerStatus.Open, "carol"), (state.Status, state.HeldBy));
        _published.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        again.Tell(new SignalBreaker(Kalshi, new ManualReset(T0.AddSeconds(401), "carol", "venue back")));
        Assert.Equal(BreakerStatus.Closed, _published.ExpectMsg<BreakerStateChanged>().Status);
        Assert.Null(StateOf(again).HeldBy);
    }

    [Fact]
    public async Task A_failed_journal_write_stops_the_breaker_without_changing_its_state_or_publishing()
    {
        var breaker = Start(Kalshi);
        Fail(breaker, 4, T0);
        Assert.Equal(4, StateOf(breaker).Memory.Failures.Count);
        await Journal.OnWrite.Fail();
        Watch(breaker);

        breaker.Tell(new SignalBreaker(Kalshi, new ApiCallFailed(T0.AddSeconds(50), "HTTP 503")));

        ExpectTerminated(breaker);
        _published.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        _alerts.ExpectNoMsg(TimeSpan.Zero);
        await Journal.OnWrite.Pass();
        var again = Start(Kalshi);
        var state = StateOf(again);
        Assert.Equal((BreakerStatus.Closed, 4), (state.Status, state.Memory.Failures.Count));
    }

    [Fact]
    public async Task A_rejected_journal_write_leaves_the_breaker_running_and_unchanged()
    {
        var breaker = Start(Kalshi);
        Fail(breaker, 4, T0);
        Assert.Equal(4, StateOf(breaker).Memory.Failures.Count);
        await Journal.OnWrite.Reject();

        breaker.Tell(new SignalBreaker(Kalshi, new ApiCallFailed(T0.AddSeconds(50), "HTTP 503")));

        var state = StateOf(breaker);
        Assert.Equal((BreakerStatus.Closed, 4), (state.Status, state.Memory.Failures.Count));
        _published.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        _alerts.ExpectNoMsg(TimeSpan.Zero);
    }

    [Theory]
    [InlineData(BreakerKind.DailyLossLimit, "global", AlertSeverity.Critical)]
    [InlineData(BreakerKind.ConsecutiveLosses, "global", AlertSeverity.High)]
    [InlineData(BreakerKind.ApiFailures, "polymarket", AlertSeverity.High)]
    [InlineData(BreakerKind.DataStale, "nfl-feed", AlertSeverity.High)]
    [InlineData(BreakerKind.PositionLimit, "global", AlertSeverity.High)]
    [InlineData(BreakerKind.Persistence, "global", AlertSeverity.High)]
    [InlineData(BreakerKind.Manual, "global", AlertSeverity.Critical)]
    public void Any_operator_can_trip_and_reset_any_breaker_and_both_are_alerts(BreakerKind kind, string scope, AlertSeverity severity)
    {
        var id = new BreakerId(kind, scope);
        var breaker = Start(id);

        breaker.Tell(new SignalBreaker(id, new ManualTrip(T0, "carol", "drill")));
        var tripped = _published.ExpectMsg<BreakerStateChanged>();
        breaker.Tell(new SignalBreaker(id, new ManualReset(T0.AddMinutes(1), "dave", "drill over")));
        var reset = _published.ExpectMsg<BreakerStateChanged>();

        Assert.Equal((BreakerStatus.Open, BreakerStatus.Closed), (tripped.Status, reset.Status));
        Assert.Contains("carol", tripped.Reason);
        var trippedAlert = _alerts.ExpectMsg<RaiseAlert>();
        var resetAlert = _alerts.ExpectMsg<RaiseAlert>();
        Assert.Equal((severity, severity), (trippedAlert.Severity, resetAlert.Severity));
        Assert.NotEqual(trippedAlert.StableDetails, resetAlert.StableDetails); // a reset is not suppressed as a repeat of the trip
    }
}
