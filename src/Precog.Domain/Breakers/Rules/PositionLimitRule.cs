namespace Precog.Domain.Breakers.Rules;

/// <summary>Open while open positions exceed the maximum; closes by itself when they no longer do.</summary>
public sealed class PositionLimitRule : IBreakerRule
{
    public BreakerKind Kind => BreakerKind.PositionLimit;

    public BreakerDecision Decide(BreakerState s, BreakerSignal signal, BreakerSettings settings) => signal switch
    {
        OpenPositionsObserved o when o.OpenPositions > settings.MaxOpenPositions =>
            Move.To(s, BreakerStatus.Open, o.At, $"{o.OpenPositions} open positions exceed {settings.MaxOpenPositions}"),
        OpenPositionsObserved o => Move.To(s, BreakerStatus.Closed, o.At, $"{o.OpenPositions} open positions"),
        _ => Move.Stay(s),
    };
}
