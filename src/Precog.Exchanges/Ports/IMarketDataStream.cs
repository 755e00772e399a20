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
