namespace Precog.Domain.Exits;

/// <summary>Where the first limit of an exit sits, from the held side's bid and ask.</summary>
public enum LimitStyle
{
    /// <summary>A market order (an IOC limit at the minimum price where the venue requires a price).</summary>
    Market,
    /// <summary>max(bid − 0.01, bid × 0.98).</summary>
    Aggressive,
    /// <summary>(bid + ask) / 2.</summary>
    Fair,
    /// <summary>The ask.</summary>
    Conservative,
}

/// <summary>What happens when the last walk's wait expires unfilled.</summary>
public enum AfterLastWalk
{
    /// <summary>CRITICAL: send another market order, until filled.</summary>
    RepeatMarket,
    /// <summary>HIGH: cancel the resting order, then sell at market.</summary>
    CancelThenMarket,
    /// <summary>MEDIUM and LOW: cancel, raise an alert, and leave the position open.</summary>
    GiveUpAndAlert,
}

/// <summary>One priority's row of the §4 table.</summary>
/// <param name="WalksCents">The k of each walk, in cents: the resting order is re-placed k cents lower.</param>
public sealed record ExitSchedule(
    LimitStyle FirstOrder,
    TimeSpan FirstWait,
    IReadOnlyList<decimal> WalksCents,
    TimeSpan WaitPerWalk,
    AfterLastWalk AfterLastWalk);

/// <summary>The §4 table, one schedule per priority, and the venue's minimum price for a "market" sell.</summary>
public sealed record ExitExecutionSettings
{
    public static readonly ExitExecutionSettings Default = new();

    public ExitSchedule Critical { get; init; } = new(LimitStyle.Market, TimeSpan.FromSeconds(5), [], TimeSpan.Zero, AfterLastWalk.RepeatMarket);

    public ExitSchedule High { get; init; } = new(LimitStyle.Aggressive, TimeSpan.FromSeconds(10), [1.5m, 2.0m], TimeSpan.FromSeconds(10), AfterLastWalk.CancelThenMarket);

    public ExitSchedule Medium { get; init; } = new(LimitStyle.Fair, TimeSpan.FromSeconds(30), [1.0m, 1.5m, 2.0m, 2.5m, 3.0m], TimeSpan.FromSeconds(15), AfterLastWalk.GiveUpAndAlert);

    /// <summary>Ten walks: 1.0, 1.3, 1.6, … 3.7 cents.</summary>
    public ExitSchedule Low { get; init; } = new(LimitStyle.Conservative, TimeSpan.FromSeconds(60),
        Enumerable.Range(0, 10).Select(i => 1.0m + 0.3m * i).ToList(), TimeSpan.FromSeconds(30), AfterLastWalk.GiveUpAndAlert);

    /// <summary>
    /// The venue's price grid: every limit is cut down to a multiple of it (Kalshi quotes whole cents). For a
    /// sell, cutting down only makes the order a little more willing to fill, by less than one tick.
    /// </summary>
    public decimal TickSize { get; init; } = 0.01m;

    /// <summary>The limit of a "market" sell where the venue needs a price: an IOC at 0.01.</summary>
    public decimal MarketSellPrice { get; init; } = 0.01m;

    /// <summary>The aggressive limit's two candidates: bid − AggressiveCents and bid × AggressiveFactor.</summary>
    public decimal AggressiveOffset { get; init; } = 0.01m;

    public decimal AggressiveFactor { get; init; } = 0.98m;

    public ExitSchedule For(ExitPriority priority) => priority switch
    {
        ExitPriority.Critical => Critical,
        ExitPriority.High => High,
        ExitPriority.Medium => Medium,
        _ => Low,
    };
}
