namespace Precog.Domain.Exits.Conditions;

/// <summary>2. CRITICAL: the daily-loss breaker is open; every position leaves.</summary>
public sealed class CircuitBreakerExit : SellAllCondition
{
    public override ExitConditionKind Kind => ExitConditionKind.CircuitBreaker;
    public override ExitPriority Priority => ExitPriority.Critical;

    protected override string? Reason(ExitContext c, ExitSettings s) =>
        c.DailyLossBreakerOpen == true ? "daily loss breaker is open" : null;
}
