namespace Precog.Domain.Exits.Conditions;

/// <summary>8. LOW: the current edge of the held side is negative.</summary>
public sealed class EdgeDisappeared : SellAllCondition
{
    public override ExitConditionKind Kind => ExitConditionKind.EdgeDisappeared;
    public override ExitPriority Priority => ExitPriority.Low;

    protected override string? Reason(ExitContext c, ExitSettings s) =>
        c.CurrentEdge is { } edge && edge < 0 ? $"edge {edge:0.0000} is negative" : null;
}
