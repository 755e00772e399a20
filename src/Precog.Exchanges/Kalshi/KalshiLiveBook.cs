using Precog.Domain.Values;

namespace Precog.Exchanges.Kalshi;

/// <summary>
/// One market's book as the stream last heard it, sizes exact (Kalshi allows 0.01 contracts), each side in its own
/// terms. Precog trades whole contracts, so what it emits is cut to whole contracts: a snapshot leaves out levels
/// under one, and a delta emits the change of the level's whole-contract size (none when no whole contract moved).
/// </summary>
internal sealed class KalshiLiveBook
{
    private readonly Dictionary<decimal, decimal> _yes;
    private readonly Dictionary<decimal, decimal> _no;

    public KalshiLiveBook(KalshiBookSnapshotFrame snapshot)
    {
        _yes = new Dictionary<decimal, decimal>(snapshot.Yes);
        _no = new Dictionary<decimal, decimal>(snapshot.No);
    }

    public OrderBook ToOrderBook(MarketTicker ticker, DateTimeOffset at) => new(ticker, Levels(_yes), Levels(_no), at);

    /// <summary>Applies a delta (level += delta, removed at ≤ 0); answers the change of whole contracts at that level.</summary>
    public int Apply(KalshiBookDeltaFrame delta)
    {
        var levels = delta.Side == Side.Yes ? _yes : _no;
        var before = levels.GetValueOrDefault(delta.Price);
        var after = before + delta.Delta;
        if (after <= 0) levels.Remove(delta.Price);
        else levels[delta.Price] = after;
        return Whole(Math.Max(after, 0m)) - Whole(before);
    }

    private static List<BookLevel> Levels(Dictionary<decimal, decimal> levels) =>
        levels.Select(l => (Price: l.Key, Size: Whole(l.Value))).Where(l => l.Size > 0).OrderBy(l => l.Price)
            .Select(l => new BookLevel(new Price(l.Price), new Quantity(l.Size))).ToList();

    /// <summary>Whole contracts in a size (cut, never rounded up: a fraction cannot be traded here).</summary>
    private static int Whole(decimal size) => size >= int.MaxValue ? int.MaxValue : (int)decimal.Floor(size);
}
