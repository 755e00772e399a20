using Precog.Domain.Values;

namespace Precog.Domain.Entry;

/// <summary>The limit of an entry order, or why none may be placed.</summary>
public sealed record EntryOrderPlan(Price? Limit, TimeSpan Timeout, string? Refusal)
{
    public bool CanPlace => Limit is not null;
}

/// <summary>
/// TRADING_RULES.md §1: the entry is a limit at the current ask, never more than 2% above the price the
/// edge was computed on (the market moved away: the edge is gone), cancelled after the timeout.
/// </summary>
public static class EntryOrder
{
    public static EntryOrderPlan Plan(Price edgePrice, Price currentAsk, EntrySettings settings)
    {
        var ceiling = edgePrice.Value * (1m + settings.MaxLimitAboveEdgePrice);
        return currentAsk.Value <= ceiling
            ? new EntryOrderPlan(currentAsk, settings.OrderTimeout, null)
            : new EntryOrderPlan(null, settings.OrderTimeout,
                $"ask {currentAsk} is more than {settings.MaxLimitAboveEdgePrice:P0} above the edge price {edgePrice}");
    }
}
