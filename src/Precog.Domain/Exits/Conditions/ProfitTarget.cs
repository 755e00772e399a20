namespace Precog.Domain.Exits.Conditions;

/// <summary>6. MEDIUM: pnl_pct reached the tier's target; only when partial exits are off.</summary>
public sealed class ProfitTarget : SellAllCondition
{
    public override ExitConditionKind Kind => ExitConditionKind.ProfitTarget;
    public override ExitPriority Priority => ExitPriority.Medium;

    protected override string? Reason(ExitContext c, ExitSettings s)
    {
        if (s.PartialExitsEnabled) return null;
        var target = s.ProfitTarget.For(c.Position.Tier);
        return c.PnlPct >= target ? $"pnl {c.PnlPct:P2} reached target {target:P0}" : null;
    }
}
