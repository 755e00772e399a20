using Precog.Domain.Games;
using Precog.Domain.Markets;
using Precog.Domain.Values;

namespace Precog.Exchanges;

/// <summary>What a venue's stream tells: books, trades, lifecycle, and the account's own fills.</summary>
public abstract record MarketDataEvent(string Platform, MarketTicker Ticker, DateTimeOffset At);

/// <summary>A full book; <paramref name="Seq"/> orders the messages of one subscription (a gap means resync).</summary>
public sealed record BookSnapshot(string Platform, MarketTicker Ticker, OrderBook Book, long Seq, DateTimeOffset At) : MarketDataEvent(Platform, Ticker, At);

/// <summary>A change of size at one bid level of one side (a negative delta removes size).</summary>
public sealed record BookDelta(string Platform, MarketTicker Ticker, Side Side, Price Price, int Delta, long Seq, DateTimeOffset At) : MarketDataEvent(Platform, Ticker, At);

/// <summary>A market opened, closed or settled (with the YES payout when settled).</summary>
public sealed record MarketLifecycle(string Platform, MarketTicker Ticker, MarketStatus Status, Price? YesSettlement, DateTimeOffset At) : MarketDataEvent(Platform, Ticker, At);

/// <summary>One of the account's orders filled (the stream may drop these: reconciliation reads GetFillsAsync).</summary>
public sealed record FillNotice(string Platform, ExchangeFill Fill) : MarketDataEvent(Platform, Fill.Ticker, Fill.At);

/// <summary>A trade printed in a market (anyone's): YES price, size, and which side took.</summary>
public sealed record TradePrint(string Platform, MarketTicker Ticker, string TradeId, Price YesPrice, Quantity Count, Side TakerSide, DateTimeOffset At)
    : MarketDataEvent(Platform, Ticker, At);

/// <summary>The venue's summary quote of a market (top of book and last trade as the venue states it; the book is the truth).</summary>
public sealed record TickerQuote(string Platform, MarketTicker Ticker, Price? YesBid, Price? YesAsk, Price? LastPrice, DateTimeOffset At)
    : MarketDataEvent(Platform, Ticker, At);

/// <summary>One of the account's orders changed (the stream may drop these: reconciliation reads the orders).</summary>
public sealed record OrderNotice(string Platform, OrderState Order) : MarketDataEvent(Platform, Order.Ticker, Order.Updated);

/// <summary>
/// No data has arrived for <paramref name="Silence"/>: this market's book cannot be trusted as live (open the data_stale
/// breaker). Sent once per market per stall; <see cref="StreamResumed"/> follows when its book is fresh again.
/// </summary>
public sealed record StreamStalled(string Platform, MarketTicker Ticker, TimeSpan Silence, DateTimeOffset At) : MarketDataEvent(Platform, Ticker, At);

/// <summary>After a <see cref="StreamStalled"/>, this market's fresh snapshot has arrived: it comes next, and the book is live again.</summary>
public sealed record StreamResumed(string Platform, MarketTicker Ticker, DateTimeOffset At) : MarketDataEvent(Platform, Ticker, At);

/// <summary>A venue's market-data stream for the markets subscribed.</summary>
public interface IMarketDataStream
{
    string Platform { get; }

    /// <summary>The events of these markets, in order, until cancelled. A stall shows as silence, not as an error.</summary>
    IAsyncEnumerable<MarketDataEvent> ReadAsync(IReadOnlyCollection<MarketTicker> tickers, CancellationToken ct);
}

/// <summary>A sports feed: game states as they change.</summary>
public interface IGameFeed
{
    IAsyncEnumerable<GameStateChanged> ReadAsync(CancellationToken ct);
}

/// <summary>
/// A stream that can also hand its events over as they happen, on the venue's own thread: an in-process venue
/// (the simulated exchange). A reader that forwards them at once keeps them in the venue's order with
/// everything else the venue does, which a virtual-time run needs to be the same every time.
/// </summary>
public interface IPushMarketDataStream : IMarketDataStream
{
    /// <summary>Snapshots of the markets first, then every event as it happens, until the subscription is disposed.</summary>
    IDisposable Subscribe(IReadOnlyCollection<MarketTicker> tickers, Action<MarketDataEvent> deliver);
}
