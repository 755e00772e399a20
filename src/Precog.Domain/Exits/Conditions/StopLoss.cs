namespace Precog.Domain.Exits.Conditions;

/// <summary>1. CRITICAL: pnl_pct below the tier's stop loss (high −0.15, medium −0.12, low −0.08).</summary>
public sealed class StopLoss : SellAllCondition
{
    public override ExitConditionKind Kind => ExitConditionKind.StopLoss;
    public override ExitPriority Priority => ExitPriority.Critical;

    protected override string? Reason(ExitContext c, ExitSettings s)
    {
        var limit = s.StopLoss.For(c.Position.Tier);
        return c.PnlPct < limit ? $"pnl {c.PnlPct:P2} below stop loss {limit:P0}" : null;
    }
}
