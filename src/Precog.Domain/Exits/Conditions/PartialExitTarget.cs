using Precog.Domain.Values;

namespace Precog.Domain.Exits.Conditions;

/// <summary>
/// 7. MEDIUM: pnl_pct reached the next unexecuted stage; sells that stage's share of the ORIGINAL
/// quantity, rounded down and never more than is held. Each stage fires at most once. A stage whose
/// share rounds to zero contracts is passed over, so it never blocks the stages after it.
/// </summary>
public sealed class PartialExitTarget : IExitCondition
{
    public ExitConditionKind Kind => ExitConditionKind.PartialExitTarget;
    public ExitPriority Priority => ExitPriority.Medium;

    public ExitTrigger? Evaluate(ExitContext c, ExitSettings s)
    {
        if (!s.PartialExitsEnabled) return null;
        var next = NextStage(c.Position, s);
        if (next is not { } i || c.PnlPct < s.PartialStages[i].Threshold) return null;

        var qty = Quantity.Min(StageQuantity(c.Position.OriginalQuantity, s.PartialStages[i]), c.Position.RemainingQuantity);
        return new ExitTrigger(Kind, Priority, qty,
            $"pnl {c.PnlPct:P2} reached stage {i + 1} at {s.PartialStages[i].Threshold:P0}: sell {s.PartialStages[i].Share:P0} of {c.Position.OriginalQuantity}", i);
    }

    /// <summary>The first stage not yet executed whose quantity is not zero, or null when none is left.</summary>
    public static int? NextStage(PositionView position, ExitSettings s)
    {
        for (var i = 0; i < s.PartialStages.Count; i++)
        {
            if (position.ExecutedStages.Contains(i)) continue;
            if (StageQuantity(position.OriginalQuantity, s.PartialStages[i]).IsZero) continue;
            return i;
        }
        return null;
    }

    public static Quantity StageQuantity(Quantity original, PartialExitStage stage) =>
        new((int)Math.Floor(original.Value * stage.Share));
}
