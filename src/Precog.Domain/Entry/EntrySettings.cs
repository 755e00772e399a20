namespace Precog.Domain.Entry;

/// <summary>The entry rule's thresholds (TRADING_RULES.md §1); a strategy's config may raise MinEdge.</summary>
public sealed record EntrySettings
{
    public static readonly EntrySettings Default = new();

    /// <summary>edge = p − ask − fee per contract must reach this.</summary>
    public decimal MinEdge { get; init; } = 0.05m;

    /// <summary>Asks outside [MinPrice, MaxPrice] are not entered.</summary>
    public decimal MinPrice { get; init; } = 0.02m;

    public decimal MaxPrice { get; init; } = 0.98m;

    /// <summary>Widest spread of the side bought.</summary>
    public decimal MaxSpread { get; init; } = 0.05m;

    /// <summary>Market data older than this may not open a position.</summary>
    public TimeSpan MaxDataAge { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The entry limit is at most this fraction above the price the edge was computed on.</summary>
    public decimal MaxLimitAboveEdgePrice { get; init; } = 0.02m;

    /// <summary>How long an entry limit order rests before it is cancelled.</summary>
    public TimeSpan OrderTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
