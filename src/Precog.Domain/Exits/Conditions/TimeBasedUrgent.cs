namespace Precog.Domain.Exits.Conditions;

/// <summary>4. HIGH: under 5 minutes to expected settlement while losing.</summary>
public sealed class TimeBasedUrgent : SellAllCondition
{
    public override ExitConditionKind Kind => ExitConditionKind.TimeBasedUrgent;
    public override ExitPriority Priority => ExitPriority.High;

    protected override string? Reason(ExitContext c, ExitSettings s) =>
        c.TimeToSettlement is { } left && left < s.UrgentTimeToSettlement && c.Pnl < 0
            ? $"{left.TotalMinutes:0.#} min to settlement with pnl {c.Pnl:0.00}"
            : null;
}
