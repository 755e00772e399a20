namespace Precog.Domain.Entry;

/// <summary>The entry rule's thresholds (TRADING_RULES.md §1); a strategy's config may raise MinEdge.</summary>
public sealed record EntrySettings(
    decimal MinEdge = 0.05m,
    decimal MinPrice = 0.02m,
    decimal MaxPrice = 0.98m,
    decimal MaxSpread = 0.05m,
    TimeSpan? MaxDataAge = null,
    decimal MaxLimitAboveEdgePrice = 0.02m,
    TimeSpan? OrderTimeout = null)
{
    public static readonly EntrySettings Default = new();

    /// <summary>Market data older than this may not open a position (default 30 s).</summary>
    public TimeSpan DataAgeLimit => MaxDataAge ?? TimeSpan.FromSeconds(30);

    /// <summary>How long an entry limit order rests before it is cancelled (default 30 s).</summary>
    public TimeSpan EntryOrderTimeout => OrderTimeout ?? TimeSpan.FromSeconds(30);
}
