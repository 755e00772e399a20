using Precog.Domain;
using Precog.Domain.Breakers;

namespace Precog.Actors.Breakers;

/// <summary>
/// How a breaker's decisions become events and events become state again: the one path shared by recovery and
/// command handling. A transition is journaled as BreakerTransitioned; memory that changed alongside (or without)
/// it as BreakerMemoryChanged, so that counted failures, loss streaks and the trading day survive a restart.
/// </summary>
public static class BreakerJournal
{
    /// <summary>The events that take <paramref name="before"/> to the decision's state, memory first.</summary>
    public static IReadOnlyList<IPrecogEvent> EventsOf(BreakerState before, BreakerDecision decision, DateTimeOffset at)
    {
        var events = new List<IPrecogEvent>(2);
        if (!Equals(decision.State.Memory, before.Memory))
            events.Add(new BreakerMemoryChanged(before.Id, decision.State.Memory, at));
        if (decision.Transition is { } t)
            events.Add(new BreakerTransitioned(t));
        return events;
    }

    public static BreakerState Apply(this BreakerState state, IPrecogEvent e) => e switch
    {
        BreakerTransitioned { Transition: var t } => state with { Status = t.To, Since = t.At, Reason = t.Reason, HeldBy = BreakerHold.After(t.To, t.Operator) },
        BreakerMemoryChanged m => state with { Memory = m.Memory },
        _ => state,
    };
}
