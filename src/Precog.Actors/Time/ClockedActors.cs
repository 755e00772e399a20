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
        base.AroundReceive(message is ClockTimers.Fired && _timers is not null ? _timers.Handling(receive) : receive, message);

    protected override void PostStop()
    {
        _timers?.CancelAll();
        base.PostStop();
    }
}

/// <summary>
/// A persistent actor whose timers run on the engine's clock, as <see cref="ClockedActor"/>. A timer's message reaches
/// Akka's persistence state machine as it came (wrapped): one arriving during a write is stashed whole and checked when
/// its turn comes, and one dropped there still counts as handled, so the stash goes on handing back the messages behind it.
/// </summary>
public abstract class ClockedPersistentActor : ReceivePersistentActor
{
    private ClockTimers? _timers;

    /// <summary>The clock this actor's timers run on.</summary>
    protected abstract TimeProvider TimerClock { get; }

    protected ClockTimers Timers => _timers ??= new ClockTimers(Self, TimerClock);

    protected override bool AroundReceive(Receive receive, object message) =>
        base.AroundReceive(message is ClockTimers.Fired && _timers is not null ? _timers.Handling(receive) : receive, message);

    protected override void PostStop()
    {
        _timers?.CancelAll();
        base.PostStop();
    }
}
