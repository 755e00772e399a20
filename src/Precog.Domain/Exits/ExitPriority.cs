namespace Precog.Domain.Exits;

/// <summary>How urgently an exit must fill; lower values win.</summary>
public enum ExitPriority { Critical = 0, High = 1, Medium = 2, Low = 3 }

/// <summary>The ten exit conditions of §3, numbered in their stable order.</summary>
public enum ExitConditionKind
{
    StopLoss = 1,
    CircuitBreaker = 2,
    TrailingStop = 3,
    TimeBasedUrgent = 4,
    LiquidityDriedUp = 5,
    ProfitTarget = 6,
    PartialExitTarget = 7,
    EdgeDisappeared = 8,
    EarlyExit = 9,
    Rebalance = 10,
}

/// <summary>The names used on the wire, in the database and in the CLI.</summary>
public static class ExitNames
{
    public static string ToWire(this ExitConditionKind kind) => kind switch
    {
        ExitConditionKind.StopLoss => "stop_loss",
        ExitConditionKind.CircuitBreaker => "circuit_breaker",
        ExitConditionKind.TrailingStop => "trailing_stop",
        ExitConditionKind.TimeBasedUrgent => "time_based_urgent",
        ExitConditionKind.LiquidityDriedUp => "liquidity_dried_up",
        ExitConditionKind.ProfitTarget => "profit_target",
        ExitConditionKind.PartialExitTarget => "partial_exit_target",
        ExitConditionKind.EdgeDisappeared => "edge_disappeared",
        ExitConditionKind.EarlyExit => "early_exit",
        ExitConditionKind.Rebalance => "rebalance",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown exit condition"),
    };

    public static string ToWire(this ExitPriority priority) => priority.ToString().ToUpperInvariant();
}
