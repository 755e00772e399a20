using Precog.Domain.Games;

namespace Precog.Backtest.Tapes;

/// <summary>
/// A tape's first line: what it was made from, the span of time its events cover, and its schema version. The note
/// says in words what a reader must know (for a converted tape: which parts are real and which synthetic).
/// </summary>
public sealed record TapeHeader(int Schema, string Source, DateTimeOffset From, DateTimeOffset To, string? Note)
{
    /// <summary>The schema this code writes and reads.</summary>
    public const int CurrentSchema = 1;
}

/// <summary>One timestamped input of a tape.</summary>
public abstract record TapeEvent(DateTimeOffset At)
{
    /// <summary>The <c>kind</c> field of the line.</summary>
    public abstract string Kind { get; }
}

/// <summary>A market opens at the venue; YES pays if the team after the ticker's last '-' wins.</summary>
public sealed record MarketListed(
    DateTimeOffset At, string Ticker, string EventTicker, string Title, DateTimeOffset? ExpectedExpiration, string? League, string? GameId) : TapeEvent(At)
{
    public override string Kind => "market_listed";
}

/// <summary>One level of a book: a bid price (whole cents) and its size in contracts.</summary>
public sealed record TapeLevel(decimal Price, int Size);

/// <summary>The whole book of a market at a moment: the bids of each side (a side's ask is 1 minus the other side's best bid).</summary>
public sealed record BookSnapshotted(DateTimeOffset At, string Ticker, IReadOnlyList<TapeLevel> YesBids, IReadOnlyList<TapeLevel> NoBids) : TapeEvent(At)
{
    public override string Kind => "book";
}

/// <summary>
/// A game's state. <paramref name="HomeElo"/> and <paramref name="AwayElo"/>, when the source knew them, are the
/// teams' pre-game ratings for this very game (FiveThirtyEight's elo1/elo2), and <paramref name="Neutral"/> says the
/// home team had no home advantage.
/// </summary>
public sealed record GameStateRecorded(
    DateTimeOffset At, string League, string GameId, string Home, string Away, int HomeScore, int AwayScore, string Period, string Clock,
    GameStatus Status, double? HomeElo, double? AwayElo, bool Neutral) : TapeEvent(At)
{
    public override string Kind => "game";
}

/// <summary>A market settles: YES pays <paramref name="YesPayout"/> (1, 0 or 0.5 on a tie).</summary>
public sealed record MarketSettled(DateTimeOffset At, string Ticker, decimal YesPayout) : TapeEvent(At)
{
    public override string Kind => "market_settled";
}

/// <summary>
/// A trade printed in a market (anyone's): the YES price it traded at, how many contracts, and which side took
/// (<c>yes</c> or <c>no</c>). Replayed onto the venue's stream as the live feed tells it; the engine prices from books,
/// so a print informs and does not move the book.
/// </summary>
public sealed record TradeRecorded(DateTimeOffset At, string Ticker, string TradeId, decimal YesPrice, int Count, string TakerSide) : TapeEvent(At)
{
    public override string Kind => "trade";
}

/// <summary>
/// A market closed to trading (<c>closed</c>) or opened again (<c>open</c>) before it settled: replayed as the venue's
/// own close (its resting orders canceled, new ones refused) and reopening.
/// </summary>
public sealed record MarketStatusRecorded(DateTimeOffset At, string Ticker, string Status) : TapeEvent(At)
{
    public const string Open = "open", Closed = "closed";

    public override string Kind => "market_status";
}

/// <summary>A tape line that cannot be read: the file, the line and the field are named.</summary>
public sealed class TapeFormatException(string message) : FormatException(message);
