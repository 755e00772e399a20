using Akka.Actor;
using Precog.Actors.Time;

namespace Precog.Actors.Tests.Time;

public sealed class VirtualClockTests
{
    private static readonly DateTimeOffset T0 = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Time_stands_still_until_the_next_timer_fires_and_then_jumps_to_it()
    {
        var clock = new VirtualClock(T0);
        var fired = new List<(string, DateTimeOffset)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow())), null, TimeSpan.FromMinutes(5), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow())), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);

        Assert.Equal(T0, clock.GetUtcNow());
        Assert.Equal(T0.AddSeconds(30), clock.NextDue);
        Assert.False(clock.FireNext(T0.AddSeconds(29)));
        Assert.True(clock.FireNext(DateTimeOffset.MaxValue));
        Assert.True(clock.FireNext(DateTimeOffset.MaxValue));
        Assert.False(clock.FireNext(DateTimeOffset.MaxValue));

        Assert.Equal([("early", T0.AddSeconds(30)), ("late", T0.AddMinutes(5))], fired);
        Assert.Equal(T0.AddMinutes(5), clock.GetUtcNow());
    }

    [Fact]
    public void Timers_due_at_the_same_instant_fire_in_the_order_they_were_armed()
    {
        var clock = new VirtualClock(T0);
        var fired = new List<int>();
        var timers = Enumerable.Range(0, 5).Select(i => clock.CreateTimer(_ => fired.Add(i), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan)).ToList();

        while (clock.FireNext(DateTimeOffset.MaxValue)) { }

        Assert.Equal([0, 1, 2, 3, 4], fired);
        timers.ForEach(t => t.Dispose());
    }

    [Fact]
    public void A_periodic_timer_rearms_itself_and_a_disposed_or_changed_one_keeps_quiet()
    {
        var clock = new VirtualClock(T0);
        var ticks = 0;
        var periodic = clock.CreateTimer(_ => ticks++, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        var cancelled = clock.CreateTimer(_ => throw new InvalidOperationException("a disposed timer fired"), null, TimeSpan.FromSeconds(15), Timeout.InfiniteTimeSpan);
        cancelled.Dispose();
        var moved = 0;
        var postponed = clock.CreateTimer(_ => moved++, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        postponed.Change(TimeSpan.FromSeconds(25), Timeout.InfiniteTimeSpan);

        while (clock.FireNext(T0.AddSeconds(30))) { }

        Assert.Equal(3, ticks); // at 10, 20 and 30 s
        Assert.Equal(1, moved);
        Assert.Equal(T0.AddSeconds(30), clock.GetUtcNow());
        Assert.Equal(T0.AddSeconds(40), clock.NextDue);
        periodic.Dispose();
        Assert.Null(clock.NextDue);
    }

    [Fact]
    public async Task A_delay_on_the_virtual_clock_ends_when_its_timer_fires_not_before()
    {
        var clock = new VirtualClock(T0);
        var delay = Task.Delay(TimeSpan.FromHours(1), clock);

        Assert.False(delay.IsCompleted);
        Assert.True(clock.FireNext(DateTimeOffset.MaxValue));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(T0.AddHours(1), clock.GetUtcNow());
    }
}

/// <summary>The actor timers over a TimeProvider: one per key, and a message of a replaced or cancelled timer is dropped.</summary>
public sealed class ClockTimersTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset T0 = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_fired_message_of_a_timer_replaced_since_is_dropped_and_the_new_one_delivered()
    {
        var clock = new VirtualClock(T0);
        var owner = CreateTestProbe();
        using var timers = new ClockTimers(owner.Ref, clock);

        timers.StartSingle("exit", "attempt 1", TimeSpan.FromSeconds(30));
        clock.FireNext(DateTimeOffset.MaxValue);
        var stale = owner.ExpectMsg<ClockTimers.Fired>();
        timers.StartSingle("exit", "attempt 2", TimeSpan.FromSeconds(30)); // replaced before the owner read the first

        Assert.True(timers.TryUnwrap(stale, out var dropped));
        Assert.Null(dropped);
        clock.FireNext(DateTimeOffset.MaxValue);
        Assert.True(timers.TryUnwrap(owner.ExpectMsg<ClockTimers.Fired>(), out var current));
        Assert.Equal("attempt 2", current);
        Assert.False(timers.IsActive("exit")); // a single timer is done once delivered
        Assert.False(timers.TryUnwrap("not a timer's", out _));
    }

    [Fact]
    public void A_cancelled_timer_never_fires_and_cancel_all_silences_every_key()
    {
        var clock = new VirtualClock(T0);
        var owner = CreateTestProbe();
        using var timers = new ClockTimers(owner.Ref, clock);
        timers.StartSingle("a", "A", TimeSpan.FromSeconds(1));
        timers.StartPeriodic("b", "B", TimeSpan.FromSeconds(2));
        timers.StartSingle("c", "C", TimeSpan.FromSeconds(3));

        timers.Cancel("a");
        Assert.True(clock.FireNext(DateTimeOffset.MaxValue)); // b at 2 s
        Assert.True(timers.TryUnwrap(owner.ExpectMsg<ClockTimers.Fired>(), out var b));
        Assert.Equal("B", b);
        Assert.True(timers.IsActive("b")); // periodic: still armed
        timers.CancelAll();

        Assert.Null(clock.NextDue);
        owner.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }
}
