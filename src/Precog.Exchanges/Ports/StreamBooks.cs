using Precog.Domain.Values;

namespace Precog.Exchanges;

/// <summary>
/// The books of a venue's stream as its events build them: a snapshot replaces a market's book, a delta changes one
/// level of it. For a reader outside the engine that needs the whole book after each change (the paper exchange's
/// copy, the tape recorder). Not thread-safe: one stream, one reader.
/// </summary>
public sealed class StreamBooks
{
    private readonly Dictionary<MarketTicker, (SortedDictionary<decimal, int> Yes, SortedDictionary<decimal, int> No)> _books = [];

    /// <summary>The market's whole book after this event, or null when the event does not change a book (or is a delta to a book never snapshotted).</summary>
    public OrderBook? Apply(MarketDataEvent e)
    {
        switch (e)
        {
            case BookSnapshot s:
                var book = (Levels(s.Book.YesBids), Levels(s.Book.NoBids));
                _books[s.Ticker] = book;
                return s.Book with { At = s.At };
            case BookDelta d when _books.TryGetValue(d.Ticker, out var known):
                var levels = d.Side == Side.Yes ? known.Yes : known.No;
                var size = levels.GetValueOrDefault(d.Price.Value) + d.Delta;
                if (size <= 0) levels.Remove(d.Price.Value);
                else levels[d.Price.Value] = size;
                return new OrderBook(d.Ticker, ToLevels(known.Yes), ToLevels(known.No), d.At);
            default:
                return null;
        }
    }

    private static SortedDictionary<decimal, int> Levels(IReadOnlyList<BookLevel> levels) =>
        new(levels.Where(l => !l.Size.IsZero).GroupBy(l => l.Price.Value).ToDictionary(g => g.Key, g => g.Sum(l => l.Size.Value)));

    /// <summary>Best last, as the venue sends them.</summary>
    private static List<BookLevel> ToLevels(SortedDictionary<decimal, int> levels) =>
        levels.Select(l => new BookLevel(new Price(l.Key), new Quantity(l.Value))).ToList();
}
