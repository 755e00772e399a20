namespace Precog.Domain.Breakers.Rules;

/// <summary>The kill switch: only an operator trips or resets it.</summary>
public sealed class ManualRule : IBreakerRule
{
    public BreakerKind Kind => BreakerKind.Manual;

    public BreakerDecision Decide(BreakerState s, BreakerSignal signal, BreakerSettings settings) => Move.Stay(s);
}
