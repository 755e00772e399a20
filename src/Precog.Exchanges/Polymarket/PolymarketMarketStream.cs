using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Precog.Domain.Values;

namespace Precog.Exchanges.Polymarket;

/// <summary>
/// Polymarket's public market channel as a market-data stream: books and price changes of outcome tokens
/// (the tickers are token ids) as <see cref="BookSnapshot"/> and <see cref="BookDelta"/>, the token being the
/// YES side (<see cref="PolymarketBook.ToOrderBook"/>). Market data only: trading on Polymarket is NOT
/// supported. Polymarket has no sequence numbers, so each token's events are numbered here, one after another
/// across reconnects. A dropped connection is reopened with a doubling backoff and the subscription sent
/// again; its first <c>book</c> resynchronises, and price changes that arrive before it are ignored.
/// </summary>
public sealed class PolymarketMarketStream(
    Uri marketChannel, PolymarketStreamSettings settings, TimeProvider time, ILogger<PolymarketMarketStream>? logger = null)
    : IMarketDataStream
{
    private const int MaxMessageBytes = 16 * 1024 * 1024;

    private readonly PolymarketStreamSettings _settings = settings.Validate();
    private readonly ILogger _log = logger ?? NullLogger<PolymarketMarketStream>.Instance;

    public string Platform => PolymarketClob.Platform;

    public async IAsyncEnumerable<MarketDataEvent> ReadAsync(IReadOnlyCollection<MarketTicker> tickers, [EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = Channel.CreateUnbounded<MarketDataEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var run = RunAsync([.. tickers.Select(t => t.Value).Distinct(StringComparer.Ordinal)], channel.Writer, stop.Token);
        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(ct)) yield return e;
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    private async Task RunAsync(IReadOnlyList<string> assets, ChannelWriter<MarketDataEvent> events, CancellationToken ct)
    {
        var books = new Books(assets);
        var failures = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await ConnectionAsync(assets, books, events, ct);
                    _log.LogWarning("Polymarket market channel closed by the server");
                }
                catch (Exception e) when (!ct.IsCancellationRequested
                    && e is WebSocketException or IOException or OperationCanceledException or HttpRequestException)
                {
                    _log.LogWarning("Polymarket market channel lost: {Error}", e.Message);
                }
                // a connection that delivered anything was a success: the backoff starts over
                failures = books.Heard ? 1 : failures + 1;
                books.Heard = false;
                var wait = TimeSpan.FromTicks((long)Math.Min(_settings.FirstBackoff.Ticks * Math.Pow(2, Math.Min(failures - 1, 20)), _settings.MaxBackoff.Ticks));
                _log.LogWarning("Polymarket market channel reconnecting in {Wait} (failure {Failures} in a row)", wait, failures);
                await Task.Delay(wait, time, ct);
            }
            events.TryComplete();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            events.TryComplete();
        }
        catch (Exception e)
        {
            events.TryComplete(e); // the reader sees it
        }
    }

    /// <summary>One connection, until the server closes it or it fails (throws).</summary>
    private async Task ConnectionAsync(IReadOnlyList<string> assets, Books books, ChannelWriter<MarketDataEvent> events, CancellationToken ct)
    {
        using var socket = new ClientWebSocket();
        using (var connectTimeout = new CancellationTokenSource(_settings.ConnectTimeout, time))
        using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(ct, connectTimeout.Token))
            await socket.ConnectAsync(marketChannel, connecting.Token);
        books.Reset(); // the books of an earlier connection are stale until this one's first book
        var subscribe = JsonSerializer.SerializeToUtf8Bytes(new { type = "market", assets_ids = assets, initial_dump = true });
        await socket.SendAsync(subscribe, WebSocketMessageType.Text, true, ct);
        _log.LogInformation("Polymarket market channel subscribed to {Count} token(s)", assets.Count);

        using var connection = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pings = PingAsync(socket, connection.Token);
        try
        {
            var buffer = new ArrayBufferWriter<byte>();
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult r;
                do
                {
                    r = await socket.ReceiveAsync(buffer.GetMemory(8192), ct);
                    buffer.Advance(r.Count);
                    if (buffer.WrittenCount > MaxMessageBytes) throw new WebSocketException($"a message longer than {MaxMessageBytes} bytes");
                } while (!r.EndOfMessage);
                if (r.MessageType == WebSocketMessageType.Close) return;
                foreach (var e in Dispatch(buffer.WrittenSpan, books)) await events.WriteAsync(e, ct);
            }
        }
        finally
        {
            await connection.CancelAsync();
            await pings;
        }
    }

    private async Task PingAsync(ClientWebSocket socket, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_settings.PingInterval, time, ct);
                await socket.SendAsync("PING"u8.ToArray(), WebSocketMessageType.Text, true, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // the connection is ending; its reader reports why
        }
    }

    private List<MarketDataEvent> Dispatch(ReadOnlySpan<byte> message, Books books)
    {
        var result = new List<MarketDataEvent>();
        if (message.SequenceEqual("PONG"u8)) return result;
        try
        {
            using var doc = JsonDocument.Parse(message.ToArray());
            var root = doc.RootElement;
            var items = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
            foreach (var item in items)
            {
                var type = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("event_type", out var t) ? t.GetString() : null;
                switch (type)
                {
                    case "book":
                        books.Heard = true;
                        if (books.Apply(PolymarketJson.ReadBook(item), time.GetUtcNow()) is { } snapshot) result.Add(snapshot);
                        break;
                    case "price_change":
                        books.Heard = true;
                        foreach (var change in PolymarketJson.ReadPriceChanges(item))
                        {
                            if (books.Apply(change, time.GetUtcNow()) is { } delta) result.Add(delta);
                        }
                        break;
                    default:
                        books.Heard = true; // last_trade_price, tick_size_change and others carry no book
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or PolymarketFormatException or InvalidOperationException)
        {
            _log.LogError("Polymarket market message skipped: {Error}", e.Message);
        }
        return result;
    }

    /// <summary>The subscribed tokens' books as last heard (exact sizes), and each token's event numbering.</summary>
    private sealed class Books(IReadOnlyList<string> assets)
    {
        private readonly HashSet<string> _assets = [.. assets];
        private readonly Dictionary<string, (Dictionary<decimal, decimal> Bids, Dictionary<decimal, decimal> Asks)> _books = [];
        private readonly Dictionary<string, long> _seq = [];

        public bool Heard { get; set; }

        public void Reset()
        {
            _books.Clear();
            Heard = false;
        }

        public BookSnapshot? Apply(PolymarketBook book, DateTimeOffset now)
        {
            if (!_assets.Contains(book.AssetId)) return null;
            _books[book.AssetId] = (new Dictionary<decimal, decimal>(book.Bids), new Dictionary<decimal, decimal>(book.Asks));
            var orderBook = book.ToOrderBook(now);
            return new BookSnapshot(PolymarketClob.Platform, orderBook.Ticker, orderBook, Next(book.AssetId), book.Timestamp ?? now);
        }

        public BookDelta? Apply(PolymarketPriceChange change, DateTimeOffset now)
        {
            if (!_assets.Contains(change.AssetId) || !_books.TryGetValue(change.AssetId, out var book)) return null;
            var levels = change.IsBid ? book.Bids : book.Asks;
            var before = levels.TryGetValue(change.Price, out var old) ? PolymarketBook.WholeShares(old) : 0;
            if (change.Size == 0) levels.Remove(change.Price);
            else levels[change.Price] = change.Size;
            var delta = PolymarketBook.WholeShares(change.Size) - before;
            if (delta == 0) return null;
            // a bid for the token is a YES bid; an ask to sell it at p is a NO bid at 1 − p
            var (side, price) = change.IsBid ? (Side.Yes, new Price(change.Price)) : (Side.No, new Price(change.Price).Complement);
            return new BookDelta(PolymarketClob.Platform, new MarketTicker(change.AssetId), side, price, delta, Next(change.AssetId), change.Timestamp ?? now);
        }

        private long Next(string asset) => _seq[asset] = _seq.GetValueOrDefault(asset) + 1;
    }
}
