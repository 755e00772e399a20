namespace Precog.Domain.Exits.Conditions;

/// <summary>3. HIGH: the mark is at or below the active trailing stop (§2).</summary>
public sealed class TrailingStopExit : SellAllCondition
{
    public override ExitConditionKind Kind => ExitConditionKind.TrailingStop;
    public override ExitPriority Priority => ExitPriority.High;

    protected override string? Reason(ExitContext c, ExitSettings s) =>
        c.Trailing.IsHit(c.Mark) ? $"mark {c.Mark} at or below trailing stop {c.Trailing.CurrentStopPrice:0.0000####}" : null;
}
