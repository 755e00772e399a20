using Precog.Domain.Breakers.Rules;

namespace Precog.Domain.Breakers;

/// <summary>Dispatches a signal to a breaker's rule; an operator's trip or reset works on every breaker.</summary>
public static class Breaker
{
    private static readonly IReadOnlyDictionary<BreakerKind, IBreakerRule> Rules = new IBreakerRule[]
    {
        new DailyLossRule(), new ConsecutiveLossesRule(), new ApiFailuresRule(), new DataStaleRule(),
        new PositionLimitRule(), new PersistenceRule(), new ManualRule(),
    }.ToDictionary(r => r.Kind);

    public static BreakerDecision Decide(BreakerState state, BreakerSignal signal, BreakerSettings settings) => signal switch
    {
        ManualTrip t => Move.To(state, BreakerStatus.Open, t.At, $"tripped by {t.Operator}: {t.Reason}", t.Operator),
        ManualReset r => Move.To(state with { Memory = BreakerMemory.Empty with { TradingDay = state.Memory.TradingDay } },
            BreakerStatus.Closed, r.At, $"reset by {r.Operator}: {r.Reason}", r.Operator),
        _ => Held(state, Rules[state.Id.Kind].Decide(state, signal, settings)),
    };

    /// <summary>A breaker an operator tripped stays open whatever its rule says (its memory still follows the signals) until an operator resets it.</summary>
    private static BreakerDecision Held(BreakerState before, BreakerDecision decision) =>
        before is { HeldBy: not null, Status: BreakerStatus.Open } && decision.Transition is { To: not BreakerStatus.Open }
            ? new(decision.State with { Status = before.Status, Since = before.Since, Reason = before.Reason, HeldBy = before.HeldBy }, null)
            : decision;
}

/// <summary>Who holds a breaker open after a transition: the operator who opened it, nobody after any other move.</summary>
public static class BreakerHold
{
    public static string? After(BreakerStatus to, string? by) => to == BreakerStatus.Open ? by : null;
}
