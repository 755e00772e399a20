using Precog.Domain.Entry;

namespace Precog.Domain.Exits;

/// <summary>One partial-exit stage: at pnl_pct ≥ Threshold, sell Share of the original quantity (rounded down).</summary>
public sealed record PartialExitStage(decimal Threshold, decimal Share);

/// <summary>A value that depends on the confidence tier the position was opened with.</summary>
public sealed record TierValues(decimal High, decimal Medium, decimal Low)
{
    public decimal For(ConfidenceTier tier) => tier switch
    {
        ConfidenceTier.High => High,
        ConfidenceTier.Medium => Medium,
        _ => Low,
    };
}

/// <summary>Thresholds of the ten exit conditions (§3) and of the evaluation timer.</summary>
public sealed record ExitSettings
{
    public static readonly ExitSettings Default = new();

    /// <summary>pnl_pct below which stop_loss fires (high −0.15, medium −0.12, low −0.08).</summary>
    public TierValues StopLoss { get; init; } = new(-0.15m, -0.12m, -0.08m);

    /// <summary>pnl_pct at which profit_target fires (high 0.25, medium 0.20, low 0.15), when partial exits are off.</summary>
    public TierValues ProfitTarget { get; init; } = new(0.25m, 0.20m, 0.15m);

    public bool PartialExitsEnabled { get; init; } = true;

    public IReadOnlyList<PartialExitStage> PartialStages { get; init; } = [new(0.15m, 0.50m), new(0.25m, 0.25m)];

    /// <summary>time_based_urgent fires below this time to settlement while pnl &lt; 0.</summary>
    public TimeSpan UrgentTimeToSettlement { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>liquidity_dried_up fires when the held side's spread exceeds this...</summary>
    public decimal LiquidityMaxSpread { get; init; } = 0.03m;

    /// <summary>...or its best-bid size is below this.</summary>
    public int LiquidityMinBidSize { get; init; } = 50;

    /// <summary>early_exit fires for 0 ≤ edge &lt; this.</summary>
    public decimal EarlyExitEdge { get; init; } = 0.02m;

    /// <summary>rebalance fires when a rival's edge exceeds this one's by at least this, while pnl_pct &gt; 0.</summary>
    public decimal RebalanceEdgeAdvantage { get; init; } = 0.05m;

    /// <summary>Evaluation timer period when nothing is near.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Evaluation timer period when the mark is within <see cref="UrgentProximity"/> of a stop or target.</summary>
    public TimeSpan UrgentCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    public decimal UrgentProximity { get; init; } = 0.02m;
}
