namespace Precog.Domain.Breakers.Rules;

/// <summary>Trips at 5 losing closed positions in a row; a win or a break-even ends the row; reset by an operator only.</summary>
public sealed class ConsecutiveLossesRule : IBreakerRule
{
    public BreakerKind Kind => BreakerKind.ConsecutiveLosses;

    public BreakerDecision Decide(BreakerState s, BreakerSignal signal, BreakerSettings settings)
    {
        if (signal is not ClosedPositionObserved closed) return Move.Stay(s);
        var streak = closed.RealizedPnl < 0 ? s.Memory.LossStreak + 1 : 0;
        var next = s with { Memory = s.Memory with { LossStreak = streak } };
        return streak >= settings.ConsecutiveLosses
            ? Move.To(next, BreakerStatus.Open, closed.At, $"{streak} losing positions in a row")
            : Move.Stay(next);
    }
}
