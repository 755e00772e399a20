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

    /// <summary>Every sharded entity stops on <see cref="HandOffStop"/> only after the writes it has under way (see there).</summary>
    protected ClockedPersistentActor() => Command<HandOffStop>(_ => Context.Stop(Self));

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
/// The message a shard stops its entities with when it moves to another node (a node leaving, a rebalance), in place
/// of PoisonPill: a persistent actor takes it like any command, after the events it is persisting have been written
/// and handled, so an order decided and journaled is never cut off between its write and its handler. Local to a
/// node: it never crosses the network.
/// </summary>
public sealed record HandOffStop
{
    public static readonly HandOffStop Instance = new();
}
