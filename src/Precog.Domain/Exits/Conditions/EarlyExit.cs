namespace Precog.Domain.Exits.Conditions;

/// <summary>9. LOW: the edge is still there but under 0.02: not worth the risk of holding.</summary>
public sealed class EarlyExit : SellAllCondition
{
    public override ExitConditionKind Kind => ExitConditionKind.EarlyExit;
    public override ExitPriority Priority => ExitPriority.Low;

    protected override string? Reason(ExitContext c, ExitSettings s) =>
        c.CurrentEdge is { } edge && edge >= 0 && edge < s.EarlyExitEdge ? $"edge {edge:0.0000} below {s.EarlyExitEdge}" : null;
}
