using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges;

namespace Precog.Actors.Gateway;

/// <summary>What is held in one market, in contracts of one side (decimal: a venue may hold fractions).</summary>
public sealed record Holding(Side Side, decimal Contracts);

/// <summary>
/// Compares the engine's holdings with the venue's, market by market, and the venue's resting orders with the ones
/// positions say they have out. Holdings net per market as the venue nets them (YES counts up, NO down); a difference
/// smaller than the dust is none. A resting order no position claims is a mismatch; an order a position still
/// believes rests but the venue has ended is not (the gateway's polling tells the position).
/// </summary>
public static class PositionReconciliation
{
    /// <summary>The default dust: below a hundredth of a contract.</summary>
    public const decimal DefaultDust = 0.01m;

    public static ReconciliationResult Compare(
        IReadOnlyDictionary<MarketTicker, (Side Side, Quantity Quantity)> expected, IReadOnlyList<ExchangePosition> actual, decimal dust = DefaultDust) =>
        Compare(expected.ToDictionary(e => e.Key, e => new Holding(e.Value.Side, e.Value.Quantity.Value)),
            actual.GroupBy(p => p.Ticker).ToDictionary(g => g.Key, g => Net(g.Select(p => new Holding(p.Side, p.Quantity.Value)))), dust);

    public static ReconciliationResult Compare(IReadOnlyDictionary<MarketTicker, Holding> engine, IReadOnlyDictionary<MarketTicker, Holding> venue, decimal dust)
    {
        var mismatches = engine.Keys.Union(venue.Keys)
            .OrderBy(t => t.Value, StringComparer.Ordinal)
            .Where(t => Math.Abs(Signed(engine.GetValueOrDefault(t)) - Signed(venue.GetValueOrDefault(t))) >= dust)
            .Select(t => $"{t}: expected {Describe(engine.GetValueOrDefault(t), dust)}, exchange has {Describe(venue.GetValueOrDefault(t), dust)}")
            .ToList();
        return new ReconciliationResult(mismatches.Count == 0, mismatches);
    }

    /// <summary>The venue's resting orders that no position claims, each named with its market and what rests.</summary>
    public static IReadOnlyList<string> UnclaimedOrders(IReadOnlySet<ClientOrderId> claimed, IReadOnlyList<OrderState> resting) =>
        resting.Where(o => o.Status == OrderStatus.Resting && !claimed.Contains(o.ClientOrderId))
            .OrderBy(o => o.Ticker.Value, StringComparer.Ordinal).ThenBy(o => o.OrderId, StringComparer.Ordinal)
            .Select(o => $"{o.Ticker}: order {o.OrderId} ({o.Action} {o.Remaining.Value} {o.Side} at {o.LimitPrice.Value}) rests at the exchange but no position has it out")
            .ToList();

    /// <summary>Several holdings of one market as the venue holds them: opposite sides cancel out.</summary>
    public static Holding Net(IEnumerable<Holding> holdings)
    {
        var signed = holdings.Sum(Signed);
        return signed >= 0 ? new Holding(Side.Yes, signed) : new Holding(Side.No, -signed);
    }

    private static decimal Signed(Holding? h) => h is null ? 0m : h.Side == Side.Yes ? h.Contracts : -h.Contracts;

    private static string Describe(Holding? h, decimal dust) => h is null || h.Contracts < dust ? "nothing" : $"{h.Side} {h.Contracts}";
}
