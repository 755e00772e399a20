using Akka.Actor;
using Akka.Persistence;

namespace Precog.Actors.Time;

/// <summary>An actor whose timers run on the engine's clock (see <see cref="ClockTimers"/>): its timers' messages are checked and unwrapped before its handlers see them, and every timer ends with it.</summary>
public abstract class ClockedActor : ReceiveActor
{
    private ClockTimers? _timers;

    /// <summary>The clock this actor's timers run on.</summary>
    protected abstract TimeProvider TimerClock { get; }

    protected ClockTimers Timers => _timers ??= new ClockTimers(Self, TimerClock);

    protected override bool AroundReceive(Receive receive, object message) =>
        _timers is not null && _timers.TryUnwrap(message, out var fired) ? fired is null || base.AroundReceive(receive, fired) : base.AroundReceive(receive, message);

    protected override void PostStop()
    {
        _timers?.CancelAll();
        base.PostStop();
    }
}

/// <summary>
/// A persistent actor whose timers run on the engine's clock, as <see cref="ClockedActor"/>. A message of a cancelled or
/// replaced timer still goes through the persistent actor's receive, as a no-op: while a persist is in flight Akka
/// stashes what arrives, and afterwards hands the stash back one message per message received, so a message that
/// never reached it would leave the rest of the stash (later commands, answers) waiting for the next message from
/// outside, and let newer messages overtake them.
/// </summary>
public abstract class ClockedPersistentActor : ReceivePersistentActor
{
    private ClockTimers? _timers;

    protected ClockedPersistentActor() => Command<StaleTimer>(_ => { });

    /// <summary>The clock this actor's timers run on.</summary>
    protected abstract TimeProvider TimerClock { get; }

    protected ClockTimers Timers => _timers ??= new ClockTimers(Self, TimerClock);

    protected override bool AroundReceive(Receive receive, object message) =>
        _timers is not null && _timers.TryUnwrap(message, out var fired)
            ? base.AroundReceive(receive, fired ?? StaleTimer.Instance)
            : base.AroundReceive(receive, message);

    protected override void PostStop()
    {
        _timers?.CancelAll();
        base.PostStop();
    }

    /// <summary>What a cancelled or replaced timer's message becomes: handled, and nothing done.</summary>
    private sealed class StaleTimer
    {
        public static readonly StaleTimer Instance = new();
    }
}
