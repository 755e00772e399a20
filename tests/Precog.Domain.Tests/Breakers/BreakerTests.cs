using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Precog.Domain.Breakers;

namespace Precog.Domain.Tests.Breakers;

public class BreakerTests
{
    private static readonly BreakerSettings S = BreakerSettings.Default;
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static BreakerState Fresh(BreakerKind kind, string scope = BreakerId.Global) => BreakerState.Closed(new BreakerId(kind, scope));

    private static (BreakerState State, List<BreakerTransition> Transitions) Feed(BreakerState state, params BreakerSignal[] signals)
    {
        var transitions = new List<BreakerTransition>();
        foreach (var signal in signals)
        {
            var d = Breaker.Decide(state, signal, S);
            state = d.State;
            if (d.Transition is { } t) transitions.Add(t);
        }
        return (state, transitions);
    }

    [Fact]
    public void Daily_loss_breaker_trips_only_beyond_500_dollars_of_loss()
    {
        var (atLimit, none) = Feed(Fresh(BreakerKind.DailyLossLimit), new DailyPnlObserved(T0, Today, -500m));
        var (beyond, trips) = Feed(atLimit, new DailyPnlObserved(T0.AddMinutes(1), Today, -500.01m));

        Assert.Equal(BreakerStatus.Closed, atLimit.Status);
        Assert.Empty(none);
        Assert.Equal(BreakerStatus.Open, beyond.Status);
        var trip = Assert.Single(trips);
        Assert.Equal((BreakerStatus.Closed, BreakerStatus.Open), (trip.From, trip.To));
        Assert.Contains("500.01", trip.Reason);
    }

    [Fact]
    public void Daily_loss_breaker_stays_open_all_day_and_closes_at_the_next_trading_day()
    {
        var (open, _) = Feed(Fresh(BreakerKind.DailyLossLimit), new DailyPnlObserved(T0, Today, -600m));
        var (stillOpen, none) = Feed(open, new DailyPnlObserved(T0.AddHours(1), Today, -100m));
        var (closed, reset) = Feed(stillOpen, new TradingDayStarted(T0.AddDays(1), Today.AddDays(1)));

        Assert.Equal(BreakerStatus.Open, stillOpen.Status);
        Assert.Empty(none);
        Assert.Equal(BreakerStatus.Closed, closed.Status);
        Assert.Equal(BreakerStatus.Closed, Assert.Single(reset).To);
    }

    [Property]
    public Property Daily_loss_breaker_never_trips_on_gains()
    {
        return Prop.ForAll(Gen.Choose(0, 1_000_000).ToArbitrary(), cents =>
            Breaker.Decide(Fresh(BreakerKind.DailyLossLimit), new DailyPnlObserved(T0, Today, cents / 100m), S).State.Status == BreakerStatus.Closed);
    }

    [Fact]
    public void Five_losses_in_a_row_trip_the_streak_breaker_and_a_win_breaks_the_row()
    {
        var losses = Enumerable.Range(0, 4).Select(i => (BreakerSignal)new ClosedPositionObserved(T0.AddMinutes(i), -10m)).ToArray();
        var (four, _) = Feed(Fresh(BreakerKind.ConsecutiveLosses), losses);
        var (afterWin, _) = Feed(four, new ClosedPositionObserved(T0.AddMinutes(5), 1m), new ClosedPositionObserved(T0.AddMinutes(6), -1m));
        var (five, trips) = Feed(four, new ClosedPositionObserved(T0.AddMinutes(5), -0.01m));

        Assert.Equal((BreakerStatus.Closed, 4), (four.Status, four.Memory.LossStreak));
        Assert.Equal((BreakerStatus.Closed, 1), (afterWin.Status, afterWin.Memory.LossStreak));
        Assert.Equal(BreakerStatus.Open, five.Status);
        Assert.Single(trips);
    }

    [Fact]
    public void Streak_breaker_is_reset_only_by_an_operator()
    {
        var losses = Enumerable.Range(0, 5).Select(i => (BreakerSignal)new ClosedPositionObserved(T0.AddMinutes(i), -10m)).ToArray();
        var (open, _) = Feed(Fresh(BreakerKind.ConsecutiveLosses), losses);
        var (afterWin, _) = Feed(open, new ClosedPositionObserved(T0.AddMinutes(10), 50m));
        var (reset, transitions) = Feed(afterWin, new ManualReset(T0.AddMinutes(11), "ops", "reviewed the losses"));

        Assert.Equal(BreakerStatus.Open, afterWin.Status);
        Assert.Equal((BreakerStatus.Closed, 0), (reset.Status, reset.Memory.LossStreak));
        Assert.Equal("ops", Assert.Single(transitions).Operator);
    }

    [Fact]
    public void Api_failures_breaker_opens_at_five_failures_inside_five_minutes()
    {
        var spread = Enumerable.Range(0, 5).Select(i => (BreakerSignal)new ApiCallFailed(T0.AddSeconds(i * 76), "500")).ToArray();
        var tight = Enumerable.Range(0, 5).Select(i => (BreakerSignal)new ApiCallFailed(T0.AddSeconds(i * 59), "500")).ToArray();

        Assert.Equal(BreakerStatus.Closed, Feed(Fresh(BreakerKind.ApiFailures, "kalshi"), spread).State.Status); // 0 … 304 s: the first fell out of the window
        Assert.Equal(BreakerStatus.Open, Feed(Fresh(BreakerKind.ApiFailures, "kalshi"), tight).State.Status);
    }

    [Fact]
    public void Api_failures_breaker_half_opens_after_300_seconds_and_a_successful_probe_closes_it()
    {
        var failures = Enumerable.Range(0, 5).Select(i => (BreakerSignal)new ApiCallFailed(T0.AddSeconds(i), "429")).ToArray();
        var (open, _) = Feed(Fresh(BreakerKind.ApiFailures, "kalshi"), failures);
        var openedAt = open.Since!.Value;

        var (early, none) = Feed(open, new ClockTicked(openedAt.AddSeconds(299)));
        var (half, halfOpen) = Feed(early, new ClockTicked(openedAt.AddSeconds(300)));
        var (closed, probe) = Feed(half, new ApiCallSucceeded(openedAt.AddSeconds(301)));

        Assert.Equal(BreakerStatus.Open, early.Status);
        Assert.Empty(none);
        Assert.Equal(BreakerStatus.HalfOpen, half.Status);
        Assert.Equal(openedAt.AddSeconds(300), Assert.Single(halfOpen).At);
        Assert.Equal(BreakerStatus.Closed, closed.Status);
        Assert.Equal((BreakerStatus.HalfOpen, BreakerStatus.Closed), (Assert.Single(probe).From, probe[0].To));
    }

    [Fact]
    public void A_failed_probe_opens_the_api_breaker_again_for_another_300_seconds()
    {
        var failures = Enumerable.Range(0, 5).Select(i => (BreakerSignal)new ApiCallFailed(T0.AddSeconds(i), "timeout")).ToArray();
        var (open, _) = Feed(Fresh(BreakerKind.ApiFailures, "kalshi"), failures);

        // the probe call arrives late, with no tick before it: it half-opens, then fails
        var (reopened, transitions) = Feed(open, new ApiCallFailed(open.Since!.Value.AddSeconds(400), "timeout"));

        Assert.Equal(BreakerStatus.Open, reopened.Status);
        Assert.Equal(open.Since!.Value.AddSeconds(400), reopened.Since);
        Assert.Equal([BreakerStatus.Open], transitions.Select(t => t.To));
        Assert.Contains("probe call failed", transitions[0].Reason);
    }

    [Property(MaxTest = 300)]
    public Property Api_breaker_never_opens_without_five_failures_in_some_five_minute_window()
    {
        var gaps = Gen.Choose(1, 200).ArrayOf();
        return Prop.ForAll(gaps.ToArbitrary(), seconds =>
        {
            var times = new List<DateTimeOffset>();
            var at = T0;
            foreach (var g in seconds) { at = at.AddSeconds(g); times.Add(at); }
            var state = Fresh(BreakerKind.ApiFailures, "kalshi");
            foreach (var t in times)
            {
                var d = Breaker.Decide(state, new ApiCallFailed(t, "x"), S);
                // a failed probe reopens with fewer: only a trip from closed needs five in the window
                if (d.Transition is { From: BreakerStatus.Closed, To: BreakerStatus.Open } && times.Count(u => u <= t && t - u < S.ApiFailureWindow) < S.ApiFailures)
                    return false;
                state = d.State;
            }
            return true;
        });
    }

    [Fact]
    public void Data_stale_breaker_opens_on_old_prices_or_game_states_it_depends_on_and_closes_when_fresh()
    {
        var feed = Fresh(BreakerKind.DataStale, "kalshi-ws");
        Assert.Equal(BreakerStatus.Open, Breaker.Decide(feed, new FeedAgeObserved(T0, TimeSpan.FromSeconds(121), TimeSpan.Zero, true), S).State.Status);
        Assert.Equal(BreakerStatus.Open, Breaker.Decide(feed, new FeedAgeObserved(T0, TimeSpan.Zero, TimeSpan.FromSeconds(61), true), S).State.Status);
        Assert.Equal(BreakerStatus.Closed, Breaker.Decide(feed, new FeedAgeObserved(T0, TimeSpan.FromSeconds(999), null, false), S).State.Status);

        var open = Breaker.Decide(feed, new FeedAgeObserved(T0, TimeSpan.FromSeconds(130), null, true), S).State;
        var fresh = Breaker.Decide(open, new FeedAgeObserved(T0.AddSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), true), S);
        Assert.Equal(BreakerStatus.Closed, fresh.State.Status);
        Assert.Equal("fresh data returned", fresh.Transition!.Reason);
    }

    [Fact]
    public void A_breaker_an_operator_tripped_stays_open_whatever_its_rule_observes_until_an_operator_resets_it()
    {
        var freshData = new FeedAgeObserved(T0.AddSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), true);
        var (held, trips) = Feed(Fresh(BreakerKind.DataStale, "nfl"), new ManualTrip(T0, "alice", "feed check"), freshData,
            new FeedAgeObserved(T0.AddSeconds(20), TimeSpan.FromSeconds(999), null, false));
        Assert.Equal((BreakerStatus.Open, "alice"), (held.Status, held.HeldBy));
        Assert.Equal("tripped by alice: feed check", held.Reason);
        Assert.Single(trips);

        // the same for the breakers that close or half-open by themselves
        Assert.Equal(BreakerStatus.Open, Feed(Fresh(BreakerKind.PositionLimit), new ManualTrip(T0, "bob", "x"), new OpenPositionsObserved(T0, 0)).State.Status);
        Assert.Equal(BreakerStatus.Open, Feed(Fresh(BreakerKind.Persistence), new ManualTrip(T0, "bob", "x"), new JournalWriteSucceeded(T0.AddSeconds(1))).State.Status);
        Assert.Equal(BreakerStatus.Open, Feed(Fresh(BreakerKind.ApiFailures, "kalshi"), new ManualTrip(T0, "bob", "x"), new ClockTicked(T0.AddHours(1))).State.Status);

        // a reset hands the breaker back to its rule: stale data opens it by itself, fresh data closes it again
        var (ruled, moves) = Feed(held, new ManualReset(T0.AddSeconds(30), "alice", "checked"),
            new FeedAgeObserved(T0.AddSeconds(40), TimeSpan.FromSeconds(130), null, true), freshData with { At = T0.AddSeconds(50) });
        Assert.Equal((BreakerStatus.Closed, (string?)null), (ruled.Status, ruled.HeldBy));
        Assert.Equal([BreakerStatus.Closed, BreakerStatus.Open, BreakerStatus.Closed], moves.Select(m => m.To));
    }

    [Fact]
    public void Data_stale_breaker_opens_when_the_stream_stalls_under_a_depended_market_whatever_the_ages_and_closes_when_it_resumes()
    {
        var feed = Fresh(BreakerKind.DataStale, "kalshi");
        var stalled = Breaker.Decide(feed, new FeedAgeObserved(T0, TimeSpan.FromSeconds(2), null, true, StreamStalled: true), S);
        Assert.Equal(BreakerStatus.Open, stalled.State.Status);
        Assert.Contains("stalled", stalled.Transition!.Reason);
        // a stall nothing depends on opens nothing
        Assert.Equal(BreakerStatus.Closed, Breaker.Decide(feed, new FeedAgeObserved(T0, TimeSpan.FromSeconds(2), null, false, StreamStalled: true), S).State.Status);
        Assert.Equal(BreakerStatus.Closed, Breaker.Decide(stalled.State, new FeedAgeObserved(T0.AddSeconds(3), TimeSpan.FromSeconds(1), null, true), S).State.Status);
    }

    [Fact]
    public void Position_limit_and_persistence_breakers_follow_their_condition_both_ways()
    {
        var limit = Fresh(BreakerKind.PositionLimit);
        var over = Breaker.Decide(limit, new OpenPositionsObserved(T0, 11), S).State;
        Assert.Equal(BreakerStatus.Open, over.Status);
        Assert.Equal(BreakerStatus.Closed, Breaker.Decide(over, new OpenPositionsObserved(T0, 10), S).State.Status);

        var journal = Breaker.Decide(Fresh(BreakerKind.Persistence), new JournalWriteFailed(T0, "connection refused"), S).State;
        Assert.Equal(BreakerStatus.Open, journal.Status);
        Assert.Equal(BreakerStatus.Closed, Breaker.Decide(journal, new JournalWriteSucceeded(T0.AddSeconds(20)), S).State.Status);
    }

    [Fact]
    public void The_kill_switch_moves_only_by_hand()
    {
        var kill = Fresh(BreakerKind.Manual);
        Assert.Equal(BreakerStatus.Closed, Feed(kill, new ClockTicked(T0), new ApiCallFailed(T0, "x")).State.Status);
        var (on, trip) = Feed(kill, new ManualTrip(T0, "alice", "venue incident"));
        Assert.Equal(BreakerStatus.Open, on.Status);
        Assert.Equal(("alice", "tripped by alice: venue incident"), (trip[0].Operator, trip[0].Reason));
    }

    [Fact]
    public void Tripping_an_open_breaker_or_resetting_a_closed_one_records_nothing()
    {
        var (open, _) = Feed(Fresh(BreakerKind.Manual), new ManualTrip(T0, "a", "x"));
        Assert.Null(Breaker.Decide(open, new ManualTrip(T0, "b", "y"), S).Transition);
        Assert.Null(Breaker.Decide(Fresh(BreakerKind.Manual), new ManualReset(T0, "b", "y"), S).Transition);
    }

    [Fact]
    public void Admission_names_the_breakers_that_block_an_entry_in_its_scope()
    {
        BreakerState Open(BreakerKind k, string scope) => Feed(Fresh(k, scope), new ManualTrip(T0, "t", "test")).State;
        var breakers = new[]
        {
            Open(BreakerKind.ApiFailures, "polymarket"), Open(BreakerKind.DataStale, "espn-nfl"),
            Fresh(BreakerKind.DailyLossLimit), Open(BreakerKind.DataStale, "espn-nba"),
        };

        var nfl = BreakerAdmission.Blocking(breakers, new EntryScope("kalshi", new HashSet<string> { "kalshi-ws", "espn-nfl" }));
        var nba = BreakerAdmission.Blocking(breakers, new EntryScope("kalshi", new HashSet<string> { "kalshi-ws" }));

        Assert.Equal([new BreakerId(BreakerKind.DataStale, "espn-nfl")], nfl);
        Assert.Empty(nba);
        Assert.False(BreakerAdmission.ForcesCriticalExit(breakers));
        Assert.True(BreakerAdmission.ForcesCriticalExit([Open(BreakerKind.DailyLossLimit, BreakerId.Global)]));
        Assert.True(BreakerAdmission.StopsNewOrders([Open(BreakerKind.Persistence, BreakerId.Global)]));
        Assert.False(BreakerAdmission.StopsNewOrders([Open(BreakerKind.ApiFailures, "kalshi")])); // exits continue
    }
}
