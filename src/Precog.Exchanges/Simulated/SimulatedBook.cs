using Precog.Domain.Values;

namespace Precog.Exchanges.Simulated;

/// <summary>A change of size at one bid level, before it is stamped with a Seq.</summary>
internal readonly record struct LevelChange(Side Side, Price Price, int Delta);

/// <summary>
/// The crowd's bids of one market, per side (bids only, as Kalshi keeps them). The account's own resting
/// orders are not in here: they wait beside the book and fill when the book comes to them.
/// </summary>
internal sealed class SimulatedBook
{
    private readonly SortedDictionary<decimal, int> _yes = new();
    private readonly SortedDictionary<decimal, int> _no = new();

    private SortedDictionary<decimal, int> Bids(Side side) => side == Side.Yes ? _yes : _no;

    public OrderBook ToOrderBook(MarketTicker ticker, DateTimeOffset at) => new(ticker, Levels(_yes), Levels(_no), at);

    private static List<BookLevel> Levels(SortedDictionary<decimal, int> bids) =>
        bids.Select(kv => new BookLevel(new Price(kv.Key), new Quantity(kv.Value))).ToList();

    /// <summary>Replaces every level; returns the changes a stream would carry.</summary>
    public List<LevelChange> Replace(IEnumerable<BookLevel> yesBids, IEnumerable<BookLevel> noBids)
    {
        var changes = new List<LevelChange>();
        foreach (var side in new[] { Side.Yes, Side.No })
        {
            var bids = Bids(side);
            var next = new SortedDictionary<decimal, int>();
            foreach (var level in side == Side.Yes ? yesBids : noBids)
                if (!level.Size.IsZero)
                    next[level.Price.Value] = next.GetValueOrDefault(level.Price.Value) + level.Size.Value;
            foreach (var price in bids.Keys.Union(next.Keys).Order())
            {
                var delta = next.GetValueOrDefault(price) - bids.GetValueOrDefault(price);
                if (delta != 0)
                    changes.Add(new LevelChange(side, new Price(price), delta));
            }
            bids.Clear();
            foreach (var kv in next)
                bids[kv.Key] = kv.Value;
        }
        return changes;
    }

    /// <summary>
    /// The bids an order of <paramref name="side"/>/<paramref name="buy"/> at <paramref name="limit"/> can trade
    /// against, best first, with the price each trade would be at in the order's own terms. A buy of a side hits
    /// the other side's bids (YES ask = 1 − NO bid); a sell hits the same side's bids.
    /// </summary>
    public List<(Side BookSide, Price Bid, Price OrderPrice, int Size)> Crossing(Side side, bool buy, Price limit)
    {
        var bookSide = buy ? Other(side) : side;
        var result = new List<(Side, Price, Price, int)>();
        foreach (var kv in Bids(bookSide).Reverse())
        {
            var bid = new Price(kv.Key);
            var price = buy ? bid.Complement : bid;
            if (buy ? price > limit : price < limit)
                break;
            result.Add((bookSide, bid, price, kv.Value));
        }
        return result;
    }

    /// <summary>Takes size off one level (a trade against it).</summary>
    public LevelChange Take(Side bookSide, Price bid, int size)
    {
        var bids = Bids(bookSide);
        var left = bids[bid.Value] - size;
        if (left < 0)
            throw new InvalidOperationException($"took {size} from a level of {bids[bid.Value]} at {bid}");
        if (left == 0)
            bids.Remove(bid.Value);
        else
            bids[bid.Value] = left;
        return new LevelChange(bookSide, bid, -size);
    }

    public Price? BestBid(Side side) => Bids(side).Count == 0 ? null : new Price(Bids(side).Keys.Last());

    public static Side Other(Side side) => side == Side.Yes ? Side.No : Side.Yes;
}
