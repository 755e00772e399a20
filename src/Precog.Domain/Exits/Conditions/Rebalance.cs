namespace Precog.Domain.Exits.Conditions;

/// <summary>10. LOW: another candidate's edge beats this one's by at least 0.05, and this position is in profit.</summary>
public sealed class Rebalance : SellAllCondition
{
    public override ExitConditionKind Kind => ExitConditionKind.Rebalance;
    public override ExitPriority Priority => ExitPriority.Low;

    protected override string? Reason(ExitContext c, ExitSettings s) =>
        c.CurrentEdge is { } edge && c.BestRivalEdge is { } rival && rival - edge >= s.RebalanceEdgeAdvantage && c.PnlPct > 0
            ? $"rival edge {rival:0.0000} beats {edge:0.0000} by {rival - edge:0.0000}"
            : null;
}
