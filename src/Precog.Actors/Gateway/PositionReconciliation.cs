using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges;

namespace Precog.Actors.Gateway;

/// <summary>What is held in one market, in contracts of one side (decimal: a venue may hold fractions).</summary>
public sealed record Holding(Side Side, decimal Contracts);

/// <summary>An open position's orders (every client order id it planned) and the trades it has recorded of them.</summary>
public sealed record PositionFills(PositionId Position, MarketTicker Ticker, DateTimeOffset OpenedAt, IReadOnlySet<ClientOrderId> Orders, IReadOnlySet<string> Trades);

/// <summary>
/// How the venue's fills compare with the trades positions recorded: each difference named, and the venue's orders
/// whose fills a position has not recorded (the venue wins: the position is told the order as the venue has it).
/// </summary>
public sealed record FillComparison(IReadOnlyList<string> Mismatches, IReadOnlyList<(PositionId Position, OrderState Order)> Unrecorded);

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

    /// <summary>
    /// The venue's fills of open positions' orders against the trades those positions recorded: a fill of a position's
    /// order that the position has not recorded is a mismatch (and its order is returned, to be told to the position),
    /// and so is a trade a position recorded that the venue does not have. <paramref name="orders"/> maps the venue's
    /// order ids to client order ids; <paramref name="fills"/> are the venue's fills since the oldest position opened.
    /// </summary>
    public static FillComparison CompareFills(IReadOnlyList<PositionFills> positions, IReadOnlyList<OrderState> orders, IReadOnlyList<ExchangeFill> fills)
    {
        var owners = new Dictionary<ClientOrderId, PositionFills>();
        foreach (var p in positions)
        {
            foreach (var order in p.Orders) owners[order] = p;
        }
        var byOrderId = new Dictionary<string, (PositionFills Owner, OrderState Order)>(StringComparer.Ordinal);
        foreach (var order in orders)
        {
            if (owners.TryGetValue(order.ClientOrderId, out var owner)) byOrderId[order.OrderId] = (owner, order);
        }

        var mismatches = new List<string>();
        var unrecorded = new Dictionary<string, (PositionId, OrderState)>(StringComparer.Ordinal);
        foreach (var f in fills.OrderBy(f => f.At).ThenBy(f => f.TradeId, StringComparer.Ordinal))
        {
            if (!byOrderId.TryGetValue(f.OrderId, out var o) || o.Owner.Trades.Contains(f.TradeId)) continue;
            mismatches.Add($"{f.Ticker}: fill {f.TradeId} of order {f.OrderId} ({f.Action} {f.Quantity.Value} {f.Side} at {f.Price.Value}) is at the exchange "
                + $"but position {o.Owner.Position} has not recorded it");
            unrecorded.TryAdd(f.OrderId, (o.Owner.Position, o.Order));
        }
        var atVenue = fills.Select(f => f.TradeId).ToHashSet(StringComparer.Ordinal);
        foreach (var p in positions.OrderBy(p => p.Ticker.Value, StringComparer.Ordinal).ThenBy(p => p.Position.ToString(), StringComparer.Ordinal))
        {
            foreach (var trade in p.Trades.Where(t => !atVenue.Contains(t)).Order(StringComparer.Ordinal))
                mismatches.Add($"{p.Ticker}: position {p.Position} recorded trade {trade}, which the exchange does not have");
        }
        return new FillComparison(mismatches, [.. unrecorded.Values]);
    }

    /// <summary>Several holdings of one market as the venue holds them: opposite sides cancel out.</summary>
    public static Holding Net(IEnumerable<Holding> holdings)
    {
        var signed = holdings.Sum(Signed);
        return signed >= 0 ? new Holding(Side.Yes, signed) : new Holding(Side.No, -signed);
    }

    private static decimal Signed(Holding? h) => h is null ? 0m : h.Side == Side.Yes ? h.Contracts : -h.Contracts;

    private static string Describe(Holding? h, decimal dust) => h is null || h.Contracts < dust ? "nothing" : $"{h.Side} {h.Contracts}";
}
