using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges;

namespace Precog.Actors.Gateway;

/// <summary>Compares the engine's holdings with the venue's, market by market; an empty holding equals no holding.</summary>
public static class PositionReconciliation
{
    public static ReconciliationResult Compare(
        IReadOnlyDictionary<MarketTicker, (Side Side, Quantity Quantity)> expected, IReadOnlyList<ExchangePosition> actual)
    {
        var venue = actual.Where(p => !p.Quantity.IsZero).ToDictionary(p => p.Ticker, p => (p.Side, p.Quantity));
        var engine = expected.Where(e => !e.Value.Quantity.IsZero).ToDictionary(e => e.Key, e => e.Value);
        var mismatches = engine.Keys.Union(venue.Keys)
            .OrderBy(t => t.Value, StringComparer.Ordinal)
            .Where(t => engine.GetValueOrDefault(t) != venue.GetValueOrDefault(t))
            .Select(t => $"{t}: expected {Describe(engine, t)}, exchange has {Describe(venue, t)}")
            .ToList();
        return new ReconciliationResult(mismatches.Count == 0, mismatches);
    }

    private static string Describe(Dictionary<MarketTicker, (Side Side, Quantity Quantity)> holdings, MarketTicker ticker) =>
        holdings.TryGetValue(ticker, out var h) ? $"{h.Side} {h.Quantity.Value}" : "nothing";
}
