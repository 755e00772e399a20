using System.Collections.Immutable;
using Precog.Domain.Entry;
using Precog.Domain.Positions;
using Precog.Domain.Values;

namespace Precog.Domain.Exits;

/// <summary>Top of the held side's book: what it can be sold at now, and how much.</summary>
public sealed record BookTop(Price Bid, Price Ask, int BidSize)
{
    public decimal Spread => Ask.Value - Bid.Value;
}

/// <summary>What the exit conditions see of a position.</summary>
/// <param name="ExecutedStages">Indexes (0-based) of the partial-exit stages already executed.</param>
public sealed record PositionView(
    Side Side,
    Price Entry,
    Quantity OriginalQuantity,
    Quantity RemainingQuantity,
    ConfidenceTier Tier,
    ImmutableSortedSet<int> ExecutedStages);

/// <summary>
/// Everything one evaluation of the ten conditions needs. A null input (edge, rival edge, time to
/// settlement, breaker state) means "not known": the conditions that need it are not evaluated.
/// </summary>
public sealed record ExitContext(
    PositionView Position,
    Price Mark,
    BookTop Book,
    TrailingStopState Trailing,
    decimal? CurrentEdge = null,
    decimal? BestRivalEdge = null,
    TimeSpan? TimeToSettlement = null,
    bool? DailyLossBreakerOpen = null)
{
    public decimal PnlPct => TrailingStop.PnlPct(Position.Entry, Mark);

    /// <summary>pnl = remaining qty × (mark − entry), in dollars.</summary>
    public decimal Pnl => Position.RemainingQuantity.Value * (Mark.Value - Position.Entry.Value);
}
