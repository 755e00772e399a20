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
        _ => Rules[state.Id.Kind].Decide(state, signal, settings),
    };
}
