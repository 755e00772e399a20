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
