using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Precog.Domain.Values;

namespace Precog.Exchanges.Kalshi;

/// <summary>
/// Kalshi's WebSocket as a market-data stream (PROTOCOLS.md §2). One signed connection carries, for the markets asked:
/// one <c>orderbook_delta</c> subscription per market (so a sequence gap is that market's alone), and one each of
/// ticker + trade + fill + user_orders and of market_lifecycle_v2 (all markets, filtered here).
/// <para>
/// Books: a snapshot, then deltas while the subscription's <c>seq</c> runs on by one. A duplicate (seq already seen) is
/// dropped; a gap, a reorder (a later seq first) or an unreadable book frame marks that market stale: nothing more is
/// emitted for it until the fresh snapshot of a new subscription (unsubscribe, subscribe again). The events carry the
/// stream's own per-market numbering (1, 2, … across resyncs and reconnects, as the market actor checks), not Kalshi's
/// per-subscription seq.
/// </para>
/// <para>
/// Liveness is judged by data, not pings: a watchdog on the <see cref="TimeProvider"/> that hears no frame for
/// <see cref="KalshiStreamSettings.Silence"/> emits <see cref="StreamStalled"/> once per market and drops the connection;
/// a market's <see cref="StreamResumed"/> comes right before its next fresh snapshot. A dropped connection is reopened
/// after a jittered, doubling backoff and every subscription sent again. A refused signature (HTTP 401/403 on the upgrade)
/// ends the stream with <see cref="ExchangeAuthenticationException"/>: retrying a refused key helps nobody. Any other
/// unreadable frame is logged, naming its field, and skipped.
/// </para>
/// </summary>
public sealed class KalshiMarketStream(
    KalshiStreamSettings settings,
    KalshiSigner signer,
    TimeProvider time,
    Random? random = null,
    ILogger<KalshiMarketStream>? logger = null,
    Func<string, KalshiOrderHint?>? orderHints = null) : IMarketDataStream
{
    private const int MaxMessageBytes = 16 * 1024 * 1024;
    private const string Operation = "market stream";

    private readonly KalshiStreamSettings _settings = settings.Validate();
    private readonly ILogger _log = logger ?? NullLogger<KalshiMarketStream>.Instance;
    private readonly Random _random = random ?? new Random();
    private readonly KalshiSigner _signer = signer;
    private readonly TimeProvider _time = time;
    private readonly Func<string, KalshiOrderHint?>? _orderHints = orderHints;

    public string Platform => KalshiSettings.Platform;

    public async IAsyncEnumerable<MarketDataEvent> ReadAsync(IReadOnlyCollection<MarketTicker> tickers, [EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = Channel.CreateUnbounded<MarketDataEvent>(new UnboundedChannelOptions { SingleReader = true });
        var state = new StreamState([.. tickers.Select(t => t.Value).Distinct(StringComparer.Ordinal)], _time.GetUtcNow());
        var run = RunAsync(state, channel.Writer, stop.Token);
        var watchdog = WatchdogAsync(state, channel.Writer, stop.Token);
        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(ct)) yield return e;
        }
        finally
        {
            await stop.CancelAsync();
            await run;
            await watchdog;
        }
    }

    private async Task RunAsync(StreamState state, ChannelWriter<MarketDataEvent> events, CancellationToken ct)
    {
        var failures = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var connection = new Connection(this, state, events);
                try
                {
                    await connection.RunAsync(ct);
                    _log.LogWarning("Kalshi stream closed by the server");
                }
                catch (Exception e) when (!ct.IsCancellationRequested
                    && e is WebSocketException or IOException or OperationCanceledException or HttpRequestException or ObjectDisposedException)
                {
                    _log.LogWarning("Kalshi stream lost: {Error}", e.Message);
                }
                // a connection that delivered anything was a success: the backoff starts over
                failures = connection.Heard ? 1 : failures + 1;
                var full = Math.Min(_settings.FirstBackoff.Ticks * Math.Pow(2, Math.Min(failures - 1, 20)), _settings.MaxBackoff.Ticks);
                var wait = TimeSpan.FromTicks((long)(full * (0.5 + 0.5 * _random.NextDouble())));
                _log.LogWarning("Kalshi stream reconnecting in {Wait} (failure {Failures} in a row)", wait, failures);
                await Task.Delay(wait, _time, ct);
            }
            events.TryComplete();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            events.TryComplete();
        }
        catch (Exception e)
        {
            _log.LogError("Kalshi stream ended: {Error}", e.Message);
            events.TryComplete(e); // the reader sees it
        }
    }

    /// <summary>
    /// Wakes when the last sign of life (a frame, or a connection opening) is <see cref="KalshiStreamSettings.Silence"/>
    /// old: reports the stall (once per market until its book is fresh) and drops the connection, if one is open.
    /// </summary>
    private async Task WatchdogAsync(StreamState state, ChannelWriter<MarketDataEvent> events, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var now = _time.GetUtcNow();
                var due = state.LastSignOfLife + _settings.Silence;
                if (now < due)
                {
                    await Task.Delay(due - now, _time, ct);
                    continue;
                }
                var silence = now - state.LastFrame;
                state.LastSignOfLife = now;
                var newlyStalled = state.Stall();
                _log.LogWarning("Kalshi stream silent for {Silence}: reporting a stall of {Count} market(s) and reconnecting", silence, newlyStalled.Count);
                foreach (var ticker in newlyStalled) events.TryWrite(new StreamStalled(Platform, new MarketTicker(ticker), silence, now));
                state.DropConnection();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>What outlives a connection: the markets, their numbering, the stall state and the clock of the last frame.</summary>
    private sealed class StreamState(IReadOnlyList<string> tickers, DateTimeOffset start)
    {
        private readonly Lock _gate = new();
        private readonly HashSet<string> _stalled = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _numbers = new(StringComparer.Ordinal);
        private long _lastFrame = start.UtcTicks;
        private long _lastSignOfLife = start.UtcTicks;
        private CancellationTokenSource? _connection;

        public IReadOnlyList<string> Tickers { get; } = tickers;
        public HashSet<string> Followed { get; } = new(tickers, StringComparer.Ordinal);

        public DateTimeOffset LastFrame => new(Interlocked.Read(ref _lastFrame), TimeSpan.Zero);

        public DateTimeOffset LastSignOfLife
        {
            get => new(Interlocked.Read(ref _lastSignOfLife), TimeSpan.Zero);
            set => Interlocked.Exchange(ref _lastSignOfLife, value.UtcTicks);
        }

        public void Heard(DateTimeOffset at)
        {
            Interlocked.Exchange(ref _lastFrame, at.UtcTicks);
            LastSignOfLife = at;
        }

        public long Next(string ticker) => _numbers[ticker] = _numbers.GetValueOrDefault(ticker) + 1;

        public List<string> Stall()
        {
            lock (_gate) return Tickers.Where(_stalled.Add).ToList();
        }

        /// <summary>True once for a stalled market whose book is fresh again.</summary>
        public bool Resume(string ticker)
        {
            lock (_gate) return _stalled.Remove(ticker);
        }

        public void Opened(CancellationTokenSource connection, DateTimeOffset at)
        {
            lock (_gate) _connection = connection;
            LastSignOfLife = at;
        }

        public void Closed()
        {
            lock (_gate) _connection = null;
        }

        public void DropConnection()
        {
            lock (_gate) _connection?.Cancel();
        }
    }

    private enum Pending { Book, Markets, Lifecycle }

    /// <summary>A book subscription: its market, the last seq applied, and whether a gap has condemned it.</summary>
    private sealed class BookSubscription(string ticker)
    {
        public string Ticker { get; } = ticker;
        public long LastSeq { get; set; }
        public bool Stale { get; set; }
    }

    /// <summary>One connection: its commands, subscriptions and books, until it closes or fails (throws).</summary>
    private sealed class Connection(KalshiMarketStream stream, StreamState state, ChannelWriter<MarketDataEvent> events)
    {
        private readonly Dictionary<long, (Pending Kind, string? Ticker)> _commands = [];
        private readonly Dictionary<long, BookSubscription> _bookSids = [];
        private readonly Dictionary<string, KalshiLiveBook> _books = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTimeOffset> _lastStated = new(StringComparer.Ordinal);
        private readonly List<object> _outbox = [];
        private long _nextId;

        public bool Heard { get; private set; }

        private ILogger Log => stream._log;
        private TimeProvider Time => stream._time;

        public async Task RunAsync(CancellationToken ct)
        {
            using var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            var ms = Time.GetUtcNow().ToUnixTimeMilliseconds();
            socket.Options.SetRequestHeader("KALSHI-ACCESS-KEY", stream._signer.KeyId);
            socket.Options.SetRequestHeader("KALSHI-ACCESS-TIMESTAMP", ms.ToString(System.Globalization.CultureInfo.InvariantCulture));
            socket.Options.SetRequestHeader("KALSHI-ACCESS-SIGNATURE", stream._signer.Sign(ms, "GET", KalshiStreamSettings.Path));
            try
            {
                using var connectTimeout = new CancellationTokenSource(stream._settings.ConnectTimeout, Time);
                using var connecting = CancellationTokenSource.CreateLinkedTokenSource(ct, connectTimeout.Token);
                await socket.ConnectAsync(stream._settings.Url, connecting.Token);
            }
            catch (WebSocketException) when (socket.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new ExchangeAuthenticationException(KalshiSettings.Platform, Operation, "authentication_error",
                    $"the WebSocket upgrade was refused with HTTP {(int)socket.HttpStatusCode}: check the key id, the key file and the clock");
            }

            using var connection = CancellationTokenSource.CreateLinkedTokenSource(ct);
            state.Opened(connection, Time.GetUtcNow());
            try
            {
                foreach (var ticker in state.Tickers) SubscribeBook(ticker);
                if (state.Tickers.Count > 0)
                    Command(Pending.Markets, null, new { channels = new[] { "ticker", "trade", "fill", "user_orders" }, market_tickers = state.Tickers });
                Command(Pending.Lifecycle, null, new { channels = new[] { "market_lifecycle_v2" } });
                await FlushAsync(socket, connection.Token);
                Log.LogInformation("Kalshi stream subscribed to {Count} market(s)", state.Tickers.Count);

                var buffer = new ArrayBufferWriter<byte>();
                while (true)
                {
                    buffer.ResetWrittenCount();
                    ValueWebSocketReceiveResult r;
                    do
                    {
                        r = await socket.ReceiveAsync(buffer.GetMemory(8192), connection.Token);
                        buffer.Advance(r.Count);
                        if (buffer.WrittenCount > MaxMessageBytes) throw new WebSocketException($"a message longer than {MaxMessageBytes} bytes");
                    } while (!r.EndOfMessage);
                    if (r.MessageType == WebSocketMessageType.Close) return;
                    var now = Time.GetUtcNow();
                    state.Heard(now);
                    Heard = true;
                    var dispatched = Dispatch(buffer.WrittenSpan, now);
                    Restate(now, dispatched);
                    foreach (var e in dispatched) await events.WriteAsync(e, ct);
                    await FlushAsync(socket, connection.Token);
                }
            }
            finally
            {
                state.Closed();
            }
        }

        /// <summary>
        /// Data arrived, so the connection is alive: every live book (fresh snapshot, no gap since) not stated as a whole for
        /// <see cref="KalshiStreamSettings.RestateEvery"/> is restated, a snapshot of the stream's own copy with the market's
        /// next number. A quiet market's price is thus not judged stale while the stream runs, and a reader that lost events
        /// of a book (and marked it stale) has it whole again. A dead connection sends no data and restates nothing: the
        /// watchdog's stall speaks for it.
        /// </summary>
        private void Restate(DateTimeOffset now, List<MarketDataEvent> dispatched)
        {
            if (stream._settings.RestateEvery is not { } every) return;
            foreach (var e in dispatched)
                if (e is BookSnapshot) _lastStated[e.Ticker.Value] = now;
            foreach (var (ticker, book) in _books)
            {
                if (_lastStated.TryGetValue(ticker, out var last) && now - last < every) continue;
                _lastStated[ticker] = now;
                var market = new MarketTicker(ticker);
                dispatched.Add(new BookSnapshot(KalshiSettings.Platform, market, book.ToOrderBook(market, now), state.Next(ticker), now));
            }
        }

        private void SubscribeBook(string ticker) =>
            Command(Pending.Book, ticker, new { channels = new[] { "orderbook_delta" }, market_ticker = ticker, use_yes_price = false });

        private void Command(Pending kind, string? ticker, object parameters)
        {
            var id = ++_nextId;
            _commands[id] = (kind, ticker);
            _outbox.Add(new { id, cmd = "subscribe", @params = parameters });
        }

        private async Task FlushAsync(ClientWebSocket socket, CancellationToken ct)
        {
            foreach (var command in _outbox)
                await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(command), WebSocketMessageType.Text, true, ct);
            _outbox.Clear();
        }

        private List<MarketDataEvent> Dispatch(ReadOnlySpan<byte> frame, DateTimeOffset now)
        {
            var result = new List<MarketDataEvent>();
            KalshiEnvelope envelope;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(frame.ToArray());
            }
            catch (JsonException e)
            {
                Log.LogError("Kalshi stream frame skipped: not JSON ({Error})", e.Message);
                return result;
            }
            using (doc)
            {
                try
                {
                    envelope = KalshiStreamFrames.Envelope(doc.RootElement);
                }
                catch (KalshiFormatException e)
                {
                    Log.LogError("Kalshi stream frame skipped: {Error}", e.Message);
                    return result;
                }
                if (envelope.Type is "orderbook_snapshot" or "orderbook_delta")
                {
                    Book(envelope, now, result);
                    return result;
                }
                try
                {
                    Other(envelope, now, result);
                }
                catch (Exception e) when (e is KalshiFormatException or FormatException or ArgumentException or InvalidOperationException)
                {
                    Log.LogError("Kalshi stream {Type} frame skipped: {Error}", envelope.Type, e.Message);
                }
            }
            return result;
        }

        private void Other(KalshiEnvelope e, DateTimeOffset now, List<MarketDataEvent> result)
        {
            MarketDataEvent? item = e.Type switch
            {
                "subscribed" => Subscribed(e),
                "error" => Refused(e),
                "ticker" => KalshiStreamFrames.Quote(e.Msg, now),
                "trade" => KalshiStreamFrames.Trade(e.Msg, now),
                "fill" => KalshiStreamFrames.Fill(e.Msg, stream._orderHints),
                "user_order" => KalshiStreamFrames.Order(e.Msg, stream._orderHints),
                "market_lifecycle_v2" => KalshiStreamFrames.Lifecycle(e.Msg, now),
                _ => null, // unsubscribed, ok, event_lifecycle, event_fee_update, market_position: nothing the port carries
            };
            if (item is not null && state.Followed.Contains(item.Ticker.Value)) result.Add(item);
        }

        private MarketDataEvent? Subscribed(KalshiEnvelope e)
        {
            var sid = e.Msg.ValueKind == JsonValueKind.Object && e.Msg.TryGetProperty("sid", out var s) && s.TryGetInt64(out var n)
                ? n : throw new KalshiFormatException("msg.sid", "is missing or not a whole number");
            var channel = KalshiWire.TextOrNull(e.Msg, "channel");
            if (e.Id is { } id && _commands.TryGetValue(id, out var command) && command is (Pending.Book, { } ticker) && channel == "orderbook_delta")
            {
                _commands.Remove(id);
                _bookSids[sid] = new BookSubscription(ticker);
            }
            return null;
        }

        private MarketDataEvent? Refused(KalshiEnvelope e)
        {
            var what = e.Id is { } id && _commands.Remove(id, out var command)
                ? command.Ticker is { } t ? $"the {command.Kind} subscription of {t}" : $"the {command.Kind} subscription"
                : "a command";
            Log.LogError("Kalshi stream refused {What}: code {Code}, {Message}", what,
                e.Msg.ValueKind == JsonValueKind.Object && e.Msg.TryGetProperty("code", out var c) ? c.GetRawText() : "?", KalshiWire.TextOrNull(e.Msg, "msg") ?? "");
            return null;
        }

        private void Book(KalshiEnvelope e, DateTimeOffset now, List<MarketDataEvent> result)
        {
            if (e.Sid is not { } sid || !_bookSids.TryGetValue(sid, out var sub)) return; // an old subscription's late frame
            if (sub.Stale) return;
            if (e.Seq is not { } seq)
            {
                Resync(sub, sid, "its seq is missing");
                return;
            }
            if (seq <= sub.LastSeq)
            {
                Log.LogDebug("Kalshi stream: {Ticker} seq {Seq} again (last {Last}), dropped as a duplicate", sub.Ticker, seq, sub.LastSeq);
                return;
            }
            if (seq != sub.LastSeq + 1)
            {
                Resync(sub, sid, $"seq {seq} came after {sub.LastSeq}");
                return;
            }
            sub.LastSeq = seq;
            var ticker = new MarketTicker(sub.Ticker);
            try
            {
                if (e.Type == "orderbook_snapshot")
                {
                    var snapshot = KalshiStreamFrames.Snapshot(e.Msg);
                    if (snapshot.Ticker != sub.Ticker) throw new KalshiFormatException("msg.market_ticker", $"'{snapshot.Ticker}' is not the subscription's {sub.Ticker}");
                    var book = _books[sub.Ticker] = new KalshiLiveBook(snapshot);
                    if (state.Resume(sub.Ticker)) result.Add(new StreamResumed(KalshiSettings.Platform, ticker, now));
                    result.Add(new BookSnapshot(KalshiSettings.Platform, ticker, book.ToOrderBook(ticker, now), state.Next(sub.Ticker), now));
                }
                else
                {
                    var delta = KalshiStreamFrames.Delta(e.Msg);
                    if (delta.Ticker != sub.Ticker) throw new KalshiFormatException("msg.market_ticker", $"'{delta.Ticker}' is not the subscription's {sub.Ticker}");
                    if (!_books.TryGetValue(sub.Ticker, out var book))
                    {
                        Resync(sub, sid, "a delta came before its snapshot");
                        return;
                    }
                    var change = book.Apply(delta);
                    if (change != 0)
                        result.Add(new BookDelta(KalshiSettings.Platform, ticker, delta.Side, new Price(delta.Price), change, state.Next(sub.Ticker), delta.At ?? now));
                }
            }
            catch (KalshiFormatException x)
            {
                // a book frame cannot just be skipped: the book would be wrong from here on
                Log.LogError("Kalshi stream {Type} frame of {Ticker} (seq {Seq}) unreadable: {Error}", e.Type, sub.Ticker, seq, x.Message);
                Resync(sub, sid, "a frame was unreadable");
            }
        }

        /// <summary>Condemns a market's book until a new subscription's snapshot: unsubscribes the old sid, subscribes afresh.</summary>
        private void Resync(BookSubscription sub, long sid, string why)
        {
            Log.LogWarning("Kalshi stream: {Ticker} is stale ({Why}); resubscribing for a fresh snapshot", sub.Ticker, why);
            sub.Stale = true;
            _books.Remove(sub.Ticker);
            _bookSids.Remove(sid);
            _outbox.Add(new { id = ++_nextId, cmd = "unsubscribe", @params = new { sids = new[] { sid } } });
            SubscribeBook(sub.Ticker);
        }
    }
}
