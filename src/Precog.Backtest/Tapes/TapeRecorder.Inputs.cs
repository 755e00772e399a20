using Precog.Domain.Games;
using Precog.Domain.Markets;
using Precog.Domain.Values;
using Precog.Exchanges;

namespace Precog.Backtest.Tapes;

/// <summary>
/// A node's live inputs as tape events, stamped with the node's clock: a market listed in the engine, every book the
/// venue's stream builds (a delta recorded as the whole book after it: the tape holds books, not deltas), every trade
/// printed, a market's close or reopening, its settlement, and every game state that changed. Kept replayable: a market's books and settlement are recorded only
/// after its listing and never after its settlement, and a game state that repeats the last one is not recorded again.
/// </summary>
public sealed partial class TapeRecorder
{
    private readonly Lock _inputs = new();
    private readonly StreamBooks _books = new();
    private readonly HashSet<string> _listed = [];
    private readonly HashSet<string> _settled = [];
    private readonly Dictionary<string, MarketStatus> _status = [];
    private readonly Dictionary<string, GameStateRecorded> _games = [];

    /// <summary>
    /// A team's rating as the node's model knows it (null: unknown), recorded with each game state as the game's
    /// pre-game ratings, so a backtest of the tape prices the game as the node did.
    /// </summary>
    public Func<string, double?>? Ratings { get; init; }

    /// <summary>A market listed in the engine, linked to its game (league and game id) when known.</summary>
    public void Listed(MarketTicker ticker, string eventTicker, string title, DateTimeOffset? expectedExpiration, string? league, string? gameId)
    {
        lock (_inputs)
        {
            if (!_listed.Add(ticker.Value)) return;
            Record(new MarketListed(Now, ticker.Value, Given(eventTicker), Given(title), expectedExpiration, league, gameId));
        }
    }

    /// <summary>An event of the venue's stream, as the feed hands it to its market.</summary>
    public void Market(MarketDataEvent e)
    {
        lock (_inputs)
        {
            var book = _books.Apply(e); // kept whether or not recorded: a delta after the listing needs the snapshot before it
            var ticker = e.Ticker.Value;
            if (!_listed.Contains(ticker) || _settled.Contains(ticker)) return;
            if (book is not null)
                Record(new BookSnapshotted(Now, ticker, Levels(book.YesBids), Levels(book.NoBids)));
            else if (e is MarketLifecycle { Status: MarketStatus.Settled, YesSettlement: { } payout } && _settled.Add(ticker))
                Record(new MarketSettled(Now, ticker, payout.Value));
            else if (e is MarketLifecycle { Status: MarketStatus.Open or MarketStatus.Closed } l && _status.GetValueOrDefault(ticker, MarketStatus.Open) != l.Status)
            {
                // a change only: a market is open from its listing, and a stream's restatement of it is no news
                _status[ticker] = l.Status;
                Record(new MarketStatusRecorded(Now, ticker, l.Status == MarketStatus.Open ? MarketStatusRecorded.Open : MarketStatusRecorded.Closed));
            }
            else if (e is TradePrint t && t.Count.Value > 0 && t.YesPrice.Value is > 0m and < 1m)
                Record(new TradeRecorded(Now, ticker, Given(t.TradeId), t.YesPrice.Value, t.Count.Value, t.TakerSide == Side.Yes ? "yes" : "no"));
        }
    }

    /// <summary>A game's state as the game feed tells it.</summary>
    public void Game(GameStateChanged g)
    {
        var state = new GameStateRecorded(Now, g.League, g.ExternalGameId, g.HomeTeam, g.AwayTeam, g.HomeScore, g.AwayScore, Given(g.Period), Given(g.Clock), g.Status, Ratings?.Invoke(g.HomeTeam), Ratings?.Invoke(g.AwayTeam), false);
        lock (_inputs)
        {
            var key = $"{g.League}/{g.ExternalGameId}";
            if (_games.TryGetValue(key, out var last) && last with { At = state.At } == state) return;
            _games[key] = state;
            Record(state);
        }
    }

    /// <summary>A tape's text fields are never empty: a feed that leaves one blank is recorded as "-".</summary>
    private static string Given(string text) => string.IsNullOrEmpty(text) ? "-" : text;

    private static List<TapeLevel> Levels(IReadOnlyList<BookLevel> levels) => levels.Select(l => new TapeLevel(l.Price.Value, l.Size.Value)).ToList();
}
