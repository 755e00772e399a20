using Precog.Domain.Exits.Conditions;

namespace Precog.Domain.Exits;

/// <summary>Evaluates the ten conditions of §3 and orders what fired.</summary>
public static class ExitRules
{
    /// <summary>The ten conditions in the table's order, which is also the tie-break between equal priorities.</summary>
    public static readonly IReadOnlyList<IExitCondition> Conditions =
    [
        new StopLoss(), new CircuitBreakerExit(), new TrailingStopExit(), new TimeBasedUrgent(), new LiquidityDriedUp(),
        new ProfitTarget(), new PartialExitTarget(), new EdgeDisappeared(), new EarlyExit(), new Rebalance(),
    ];

    public static ExitEvaluation Evaluate(ExitContext context, ExitSettings settings)
    {
        if (context.Position.RemainingQuantity.IsZero) return ExitEvaluation.None;
        var fired = Conditions
            .Select(c => c.Evaluate(context, settings))
            .OfType<ExitTrigger>()
            .Where(t => !t.Quantity.IsZero)
            .OrderBy(t => t.Priority) // OrderBy is stable: equal priorities keep the table's order
            .ToList();
        return new ExitEvaluation(fired);
    }

    /// <summary>
    /// The evaluation timer's next period: 5 s while the mark is within 0.02 of the stop-loss price, the
    /// profit-target price (or the next partial stage's price) or the trailing stop; 30 s otherwise.
    /// </summary>
    public static TimeSpan NextCheckIn(ExitContext c, ExitSettings s)
    {
        var entry = c.Position.Entry.Value;
        var mark = c.Mark.Value;
        var near = Math.Abs(mark - entry * (1m + s.StopLoss.For(c.Position.Tier))) <= s.UrgentProximity;

        var targetPct = s.PartialExitsEnabled
            ? PartialExitTarget.NextStage(c.Position, s) is { } i ? s.PartialStages[i].Threshold : (decimal?)null
            : s.ProfitTarget.For(c.Position.Tier);
        if (targetPct is { } t)
            near |= Math.Abs(entry * (1m + t) - mark) <= s.UrgentProximity;
        if (c.Trailing.DistanceToStop(c.Mark) is { } d)
            near |= d <= s.UrgentProximity;

        return near ? s.UrgentCheckInterval : s.CheckInterval;
    }
}
