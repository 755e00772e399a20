using System.Collections.Immutable;

namespace Precog.Domain.Breakers;

/// <summary>The seven circuit breakers of TRADING_RULES.md §5.</summary>
public enum BreakerKind { DailyLossLimit, ConsecutiveLosses, ApiFailures, DataStale, PositionLimit, Persistence, Manual }

/// <summary>closed → open (tripped) → half-open (probing) → closed.</summary>
public enum BreakerStatus { Closed, Open, HalfOpen }

/// <summary>A breaker's identity: its kind and its scope ("global", an exchange, a feed).</summary>
public sealed record BreakerId(BreakerKind Kind, string Scope)
{
    public const string Global = "global";

    public override string ToString() => $"{Kind.ToWire()}/{Scope}";
}

/// <summary>What a breaker's rule remembers between signals.</summary>
/// <param name="Failures">Times of the failed API calls still inside the window (api_failures).</param>
/// <param name="LossStreak">Losing closed positions in a row (consecutive_losses).</param>
/// <param name="TradingDay">The trading day the daily-loss breaker last saw.</param>
public sealed record BreakerMemory(ImmutableList<DateTimeOffset> Failures, int LossStreak, DateOnly? TradingDay)
{
    public static readonly BreakerMemory Empty = new([], 0, null);
}

/// <summary>One breaker's state; changed only through <see cref="Breaker.Decide"/>.</summary>
public sealed record BreakerState(BreakerId Id, BreakerStatus Status, DateTimeOffset? Since, string? Reason, BreakerMemory Memory)
{
    public static BreakerState Closed(BreakerId id) => new(id, BreakerStatus.Closed, null, null, BreakerMemory.Empty);

    public bool IsTripped => Status != BreakerStatus.Closed;

    /// <summary>
    /// The operator who tripped it, while it is open by their hand: the breaker's own rule may not close or half-open it
    /// then (fresh data, a quiet exchange or a smaller book do not overrule a person); only a reset does. Null otherwise.
    /// </summary>
    public string? HeldBy { get; init; }
}

/// <summary>
/// A change of status: it becomes one circuit_breaker_events row and one alert. Operator is set when a
/// person tripped or reset the breaker.
/// </summary>
public sealed record BreakerTransition(BreakerId Id, BreakerStatus From, BreakerStatus To, DateTimeOffset At, string Reason, string? Operator = null);

/// <summary>The state after a signal, and the transition it caused, if any.</summary>
public sealed record BreakerDecision(BreakerState State, BreakerTransition? Transition);

public static class BreakerNames
{
    public static string ToWire(this BreakerKind kind) => kind switch
    {
        BreakerKind.DailyLossLimit => "daily_loss_limit",
        BreakerKind.ConsecutiveLosses => "consecutive_losses",
        BreakerKind.ApiFailures => "api_failures",
        BreakerKind.DataStale => "data_stale",
        BreakerKind.PositionLimit => "position_limit",
        BreakerKind.Persistence => "persistence",
        BreakerKind.Manual => "manual",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown breaker"),
    };

    public static string ToWire(this BreakerStatus status) => status switch
    {
        BreakerStatus.Closed => "closed",
        BreakerStatus.Open => "open",
        _ => "half_open",
    };
}
