using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Precog.Testing.FakeKalshi;

/// <summary>
/// The fake's WebSocket (PROTOCOLS.md §2) at <see cref="WebSocketUrl"/>: the upgrade must be signed (<c>ts + GET +
/// /trade-api/ws/v2</c>), subscribe/unsubscribe/update_subscription are answered, and every change of the fake's own
/// venue goes out: book deltas with a per-subscription seq after a snapshot, tickers, trades, fills and user_orders of
/// its orders, lifecycle events. Faults on demand: drop, duplicate or reorder the next book delta, stall the open
/// connections (silence), disconnect them, refuse the next upgrades, or send any raw frame.
/// </summary>
public sealed partial class FakeKalshiServer
{
    public const string SocketPath = "/trade-api/ws/v2";

    private static readonly string[] Channels = ["orderbook_delta", "ticker", "trade", "fill", "user_orders", "market_positions", "market_lifecycle_v2"];

    private readonly List<FakeSocketSession> _sessions = [];
    private readonly List<string> _socketRefusals = [];
    private readonly List<(int Connection, string Command)> _socketCommands = [];
    private readonly Queue<BookFault> _bookFaults = new();
    private readonly Dictionary<string, (Dictionary<decimal, int> Yes, Dictionary<decimal, int> No)> _publishedBooks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Status, int Filled)> _publishedOrders = new(StringComparer.Ordinal);
    private readonly List<FakeBookEvent> _bookEvents = [];
    private long _deltasSent;
    private int _publishedFills;
    private int _socketConnections;
    private int _refuseSockets;
    private TaskCompletionSource _socketChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private enum BookFault { Drop, Duplicate, Reorder }

    /// <summary>The market-data socket, <c>ws://127.0.0.1:port/trade-api/ws/v2</c>.</summary>
    public Uri WebSocketUrl { get; private set; } = null!;

    /// <summary>Upgrades accepted so far.</summary>
    public int SocketConnections
    {
        get { lock (_gate) return _socketConnections; }
    }

    /// <summary>Why upgrades were refused (INCORRECT_API_KEY_SIGNATURE ...), oldest first.</summary>
    public IReadOnlyList<string> SocketRefusals
    {
        get { lock (_gate) return [.. _socketRefusals]; }
    }

    /// <summary>Every command received, with the number (1, 2, …) of the connection it came on.</summary>
    public IReadOnlyList<(int Connection, string Command)> SocketCommands
    {
        get { lock (_gate) return [.. _socketCommands]; }
    }

    /// <summary>Every gap the fake made in a book subscription and every snapshot it sent, oldest first.</summary>
    public IReadOnlyList<FakeBookEvent> BookEvents
    {
        get { lock (_gate) return [.. _bookEvents]; }
    }

    /// <summary>The next book delta sent (any market, any connection) is never sent, its seq consumed: a gap.</summary>
    public void DropNextBookDelta() => AddBookFault(BookFault.Drop);

    /// <summary>The next book delta is sent twice.</summary>
    public void DuplicateNextBookDelta() => AddBookFault(BookFault.Duplicate);

    /// <summary>The next book delta is held back and sent right after the one that follows it on its subscription.</summary>
    public void ReorderNextBookDelta() => AddBookFault(BookFault.Reorder);

    /// <summary>The connections open now go silent (they stay open, read commands, and send nothing ever again); later ones are not.</summary>
    public void StallSockets()
    {
        lock (_gate)
            foreach (var s in _sessions) s.Stalled = true;
    }

    /// <summary>Drops every open connection at once (no close handshake).</summary>
    public void DisconnectSockets()
    {
        lock (_gate)
            foreach (var s in _sessions) s.Abort();
    }

    /// <summary>The next <paramref name="count"/> upgrades are answered 503.</summary>
    public void RefuseNextSockets(int count)
    {
        lock (_gate) _refuseSockets += count;
    }

    /// <summary>Sends this text as a frame on every open connection, as is.</summary>
    public void SendRawFrame(string frame)
    {
        lock (_gate)
            foreach (var s in _sessions) s.Enqueue(frame);
    }

    /// <summary>Waits (real time, bounded) until <paramref name="condition"/> holds, rechecking whenever the sockets' state changes.</summary>
    public async Task UntilAsync(Func<FakeKalshiServer, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            lock (_gate) changed = _socketChanged.Task;
            if (condition(this)) return;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"the fake Kalshi never saw {what}");
            await Task.WhenAny(changed, Task.Delay(left)).ConfigureAwait(false);
        }
    }

    private void AddBookFault(BookFault fault)
    {
        lock (_gate) _bookFaults.Enqueue(fault);
    }

    private void SocketChanged()
    {
        var previous = _socketChanged;
        _socketChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }

    private async Task HandleSocketAsync(HttpContext context)
    {
        var request = context.Request;
        string? refusal;
        bool busy;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _requests.Add(new FakeRequest("GET", SocketPath, request.QueryString.Value ?? "", now));
            // the socket always requires auth, even for public channels (PROTOCOLS.md §2.1)
            refusal = request.Headers.ContainsKey("KALSHI-ACCESS-KEY") || request.Headers.ContainsKey("KALSHI-ACCESS-SIGNATURE")
                ? Unauthorized(request, "GET", SocketPath, SocketPath, now)
                : "MISSING_API_KEY_HEADERS";
            if (refusal is not null) _socketRefusals.Add(refusal);
            busy = refusal is null && _refuseSockets > 0;
            if (busy) _refuseSockets--;
            SocketChanged();
        }
        if (refusal is not null || busy || !context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = refusal is not null ? 401 : busy ? 503 : 400;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(refusal is not null ? Error("authentication_error", "authentication failed", refusal) : Error("unavailable", "no socket"))
                .ConfigureAwait(false);
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        FakeSocketSession session;
        lock (_gate)
        {
            session = new FakeSocketSession(++_socketConnections, socket, this);
            _sessions.Add(session);
            SocketChanged();
        }
        try
        {
            await session.RunAsync(_stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _sessions.Remove(session);
                SocketChanged();
            }
        }
    }

    /// <summary>A command from a client, under the lock: answers go out in order with the venue's changes.</summary>
    private void Command(FakeSocketSession session, string text)
    {
        lock (_gate)
        {
            _socketCommands.Add((session.Number, text));
            SocketChanged();
            JsonObject command;
            try
            {
                command = JsonNode.Parse(text)?.AsObject() ?? throw new JsonException("null");
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                session.Enqueue(SocketError(null, 1, "unprocessable"));
                return;
            }
            var id = command["id"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : (long?)null;
            var parameters = command["params"] as JsonObject;
            var action = parameters is null ? null : parameters["action"]?.GetValue<string>();
            switch (command["cmd"]?.GetValue<string>())
            {
                case "subscribe":
                    Subscribe(session, id, parameters);
                    break;
                case "unsubscribe":
                    foreach (var sid in (parameters?["sids"] as JsonArray ?? []).Select(s => s!.GetValue<long>()))
                    {
                        if (session.Subscriptions.Remove(sid, out var gone))
                            session.Enqueue(new JsonObject { ["id"] = id, ["sid"] = sid, ["seq"] = gone.Seq, ["type"] = "unsubscribed" }.ToJsonString());
                        else session.Enqueue(SocketError(id, 7, "unknown sid"));
                    }
                    break;
                case "update_subscription" when action == "get_snapshot":
                    var target = parameters!["sid"]?.GetValue<long>() ?? (parameters["sids"] as JsonArray)?.FirstOrDefault()?.GetValue<long>();
                    if (target is { } t && session.Subscriptions.TryGetValue(t, out var sub) && sub.Channel == "orderbook_delta")
                    {
                        foreach (var ticker in sub.Markets!) session.Enqueue(Snapshot(t, sub, ticker));
                        session.Enqueue(new JsonObject { ["id"] = id, ["sid"] = t, ["seq"] = sub.Seq, ["type"] = "ok", ["msg"] = new JsonObject { ["market_tickers"] = new JsonArray(sub.Markets.Select(m => (JsonNode)m).ToArray()) } }.ToJsonString());
                    }
                    else session.Enqueue(SocketError(id, 7, "unknown sid"));
                    break;
                case "update_subscription":
                    session.Enqueue(SocketError(id, 13, "unsupported action"));
                    break;
                default:
                    session.Enqueue(SocketError(id, 5, "unknown command"));
                    break;
            }
        }
    }

    private void Subscribe(FakeSocketSession session, long? id, JsonObject? parameters)
    {
        var channels = (parameters?["channels"] as JsonArray)?.Select(c => c!.GetValue<string>()).ToList();
        if (channels is not { Count: > 0 })
        {
            session.Enqueue(SocketError(id, 3, "channels required"));
            return;
        }
        List<string>? markets = null;
        if (parameters!["market_tickers"] is JsonArray list) markets = list.Select(t => t!.GetValue<string>()).ToList();
        else if (parameters["market_ticker"]?.GetValue<string>() is { } one) markets = [one];
        var yesPrice = parameters["use_yes_price"]?.GetValue<bool>() ?? false;
        foreach (var channel in channels)
        {
            if (!Channels.Contains(channel))
            {
                session.Enqueue(SocketError(id, 8, $"unknown channel {channel}"));
                continue;
            }
            if (channel == "orderbook_delta")
            {
                if (markets is null)
                {
                    session.Enqueue(SocketError(id, 14, "market ticker required"));
                    continue;
                }
                if (markets.FirstOrDefault(m => !_venue.Markets.ContainsKey(m)) is { } unknown)
                {
                    session.Enqueue(new JsonObject { ["id"] = id, ["type"] = "error", ["msg"] = new JsonObject { ["code"] = 16, ["msg"] = "market not found", ["market_ticker"] = unknown } }.ToJsonString());
                    continue;
                }
            }
            var sid = ++session.LastSid;
            // market_lifecycle_v2 takes no market filter: it carries every market
            var sub = new FakeSubscription(channel, channel == "market_lifecycle_v2" ? null : markets?.ToHashSet(StringComparer.Ordinal), yesPrice, session.Number);
            session.Subscriptions[sid] = sub;
            session.Enqueue(new JsonObject { ["id"] = id, ["type"] = "subscribed", ["msg"] = new JsonObject { ["channel"] = channel, ["sid"] = sid } }.ToJsonString());
            if (channel == "orderbook_delta")
                foreach (var ticker in markets!) session.Enqueue(Snapshot(sid, sub, ticker));
        }
    }

    private string Snapshot(long sid, FakeSubscription sub, string ticker)
    {
        var market = _venue.Markets[ticker];
        var msg = new JsonObject { ["market_ticker"] = ticker, ["market_id"] = MarketId(ticker) };
        // a side's key is absent when that side is empty
        if (market.YesBids.Count > 0) msg["yes_dollars_fp"] = SnapshotLevels(market.YesBids, flip: false);
        if (market.NoBids.Count > 0) msg["no_dollars_fp"] = SnapshotLevels(market.NoBids, sub.YesPrice);
        _bookEvents.Add(new FakeBookEvent("snapshot", ticker, sub.Connection, sub.Seq + 1, _time.GetUtcNow()));
        return new JsonObject { ["type"] = "orderbook_snapshot", ["sid"] = sid, ["seq"] = ++sub.Seq, ["msg"] = msg }.ToJsonString();
    }

    private static JsonArray SnapshotLevels(SortedDictionary<decimal, int> levels, bool flip) =>
        new(levels.Select(l => (JsonNode)new JsonArray(FakeKalshiVenue.Dollars(flip ? 1m - l.Key : l.Key), FakeKalshiVenue.Fp(l.Value))).ToArray());

    private static string MarketId(string ticker) => new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(ticker))).ToString();

    private static string SocketError(long? id, int code, string message) =>
        new JsonObject { ["id"] = id, ["type"] = "error", ["msg"] = new JsonObject { ["code"] = code, ["msg"] = message } }.ToJsonString();

    /// <summary>Under the lock: sends what changed since last time in books (as deltas), fills and orders.</summary>
    private void PublishChanges()
    {
        var now = _time.GetUtcNow();
        foreach (var market in _venue.Markets.Values)
        {
            if (!_publishedBooks.TryGetValue(market.Ticker, out var published))
                _publishedBooks[market.Ticker] = published = ([], []);
            var changed = false;
            foreach (var (side, current, before) in new[] { ("yes", market.YesBids, published.Yes), ("no", market.NoBids, published.No) })
            {
                foreach (var price in current.Keys.Union(before.Keys).Order().ToList())
                {
                    var delta = current.GetValueOrDefault(price) - before.GetValueOrDefault(price);
                    if (delta == 0) continue;
                    changed = true;
                    if (current.TryGetValue(price, out var size)) before[price] = size;
                    else before.Remove(price);
                    PublishDelta(market.Ticker, side, price, delta, now);
                }
            }
            if (changed) PublishTicker(market, now);
        }
        for (; _publishedFills < _venue.Fills.Count; _publishedFills++) PublishFill(_venue.Fills[_publishedFills], now);
        foreach (var order in _venue.Orders)
        {
            var state = (order.Status, order.Filled);
            if (_publishedOrders.TryGetValue(order.OrderId, out var last) && last == state) continue;
            _publishedOrders[order.OrderId] = state;
            var msg = order.ToJson();
            msg["created_ts_ms"] = order.CreatedAt.ToUnixTimeMilliseconds();
            msg["last_updated_ts_ms"] = order.Updated.ToUnixTimeMilliseconds();
            Publish("user_orders", order.Ticker, (sid, _) => Frame("user_order", sid, msg.DeepClone()));
        }
    }

    private void PublishDelta(string ticker, string side, decimal price, int delta, DateTimeOffset now)
    {
        foreach (var session in _sessions)
            foreach (var (sid, sub) in session.Subscriptions.Where(s => s.Value.Channel == "orderbook_delta" && s.Value.Markets!.Contains(ticker)))
            {
                var flip = side == "no" && sub.YesPrice;
                var msg = new JsonObject
                {
                    ["market_ticker"] = ticker, ["market_id"] = MarketId(ticker), ["price_dollars"] = FakeKalshiVenue.Dollars(flip ? 1m - price : price),
                    ["delta_fp"] = FakeKalshiVenue.Fp(delta), ["side"] = side, ["ts_ms"] = now.ToUnixTimeMilliseconds(),
                };
                var frame = new JsonObject { ["type"] = "orderbook_delta", ["sid"] = sid, ["seq"] = ++sub.Seq, ["msg"] = msg }.ToJsonString();
                if (sub.HeldBack is { } held)
                {
                    session.Enqueue(frame);
                    session.Enqueue(held);
                    sub.HeldBack = null;
                    continue;
                }
                var gap = _faults.BookGapEvery > 0 && ++_deltasSent % _faults.BookGapEvery == 0;
                switch (gap ? BookFault.Drop : _bookFaults.TryDequeue(out var fault) ? fault : (BookFault?)null)
                {
                    case BookFault.Drop:
                        _bookEvents.Add(new FakeBookEvent("gap", ticker, session.Number, sub.Seq, now));
                        break;
                    case BookFault.Duplicate:
                        session.Enqueue(frame);
                        session.Enqueue(frame);
                        break;
                    case BookFault.Reorder:
                        sub.HeldBack = frame;
                        break;
                    default:
                        session.Enqueue(frame);
                        break;
                }
            }
    }

    private void PublishTicker(FakeMarket market, DateTimeOffset now)
    {
        var bestYes = market.YesBids.Count == 0 ? 0m : market.YesBids.Keys.Max();
        var bestNo = market.NoBids.Count == 0 ? 0m : market.NoBids.Keys.Max();
        Publish("ticker", market.Ticker, (sid, _) => Frame("ticker", sid, new JsonObject
        {
            ["market_ticker"] = market.Ticker, ["market_id"] = MarketId(market.Ticker),
            ["price_dollars"] = FakeKalshiVenue.Dollars(bestYes), // the fake has no public trades of its own: the bid stands in
            ["yes_bid_dollars"] = FakeKalshiVenue.Dollars(bestYes), ["yes_ask_dollars"] = FakeKalshiVenue.Dollars(1m - bestNo),
            ["yes_bid_size_fp"] = FakeKalshiVenue.Fp(market.YesBids.GetValueOrDefault(bestYes)), ["yes_ask_size_fp"] = FakeKalshiVenue.Fp(market.NoBids.GetValueOrDefault(bestNo)),
            ["volume_fp"] = "0.00", ["open_interest_fp"] = "0.00", ["ts_ms"] = now.ToUnixTimeMilliseconds(),
        }));
    }

    private void PublishFill(JsonObject fill, DateTimeOffset now)
    {
        var ticker = fill["ticker"]!.GetValue<string>();
        var order = _venue.Orders.First(o => o.OrderId == fill["order_id"]!.GetValue<string>());
        var position = _venue.Positions.TryGetValue(ticker, out var p) ? p.Count : 0;
        var taker = fill["is_taker"]!.GetValue<bool>();
        Publish("fill", ticker, (sid, _) => Frame("fill", sid, new JsonObject
        {
            ["trade_id"] = fill["trade_id"]!.GetValue<string>(), ["order_id"] = order.OrderId, ["market_ticker"] = ticker, ["is_taker"] = taker,
            ["yes_price_dollars"] = fill["yes_price_dollars"]!.GetValue<string>(), ["count_fp"] = fill["count_fp"]!.GetValue<string>(),
            ["fee_cost"] = fill["fee_cost"]!.GetValue<string>(), ["post_position_fp"] = FakeKalshiVenue.Fp(position),
            ["outcome_side"] = fill["outcome_side"]!.GetValue<string>(), ["book_side"] = fill["book_side"]!.GetValue<string>(),
            ["client_order_id"] = order.ClientOrderId, ["exchange_index"] = 0, ["ts_ms"] = now.ToUnixTimeMilliseconds(),
        }));
        // the public tape shows the account's own trades too; the taker's side is the order's when it took
        var outcome = fill["outcome_side"]!.GetValue<string>();
        var takerOutcome = taker ? outcome : outcome == "yes" ? "no" : "yes";
        Publish("trade", ticker, (sid, _) => Frame("trade", sid, new JsonObject
        {
            ["trade_id"] = fill["trade_id"]!.GetValue<string>(), ["market_ticker"] = ticker,
            ["yes_price_dollars"] = fill["yes_price_dollars"]!.GetValue<string>(), ["no_price_dollars"] = fill["no_price_dollars"]!.GetValue<string>(),
            ["count_fp"] = fill["count_fp"]!.GetValue<string>(), ["taker_outcome_side"] = takerOutcome,
            ["taker_book_side"] = takerOutcome == "yes" ? "bid" : "ask", ["is_block_trade"] = false, ["ts_ms"] = now.ToUnixTimeMilliseconds(),
        }));
    }

    /// <summary>Under the lock: a market's status change as Kalshi's lifecycle event (none for plain open or close).</summary>
    private void PublishLifecycle(FakeMarket market)
    {
        var now = _time.GetUtcNow();
        var msg = new JsonObject { ["market_ticker"] = market.Ticker };
        switch (market.Status)
        {
            case "active":
                msg["event_type"] = "activated";
                break;
            case "inactive":
                msg["event_type"] = "deactivated";
                msg["is_deactivated"] = true;
                break;
            case "determined":
                msg["event_type"] = "determined";
                msg["result"] = market.Result;
                msg["settlement_value"] = FakeKalshiVenue.Dollars(market.SettlementValue ?? (market.Result == "yes" ? 1m : 0m));
                msg["determination_ts"] = now.ToUnixTimeSeconds();
                break;
            case "finalized":
                msg["event_type"] = "settled";
                msg["result"] = market.Result;
                if (market.SettlementValue is { } value) msg["settlement_value"] = FakeKalshiVenue.Dollars(value);
                msg["settled_ts"] = now.ToUnixTimeSeconds();
                break;
            default:
                return;
        }
        Publish("market_lifecycle_v2", market.Ticker, (sid, _) => Frame("market_lifecycle_v2", sid, msg.DeepClone()));
    }

    private void Publish(string channel, string ticker, Func<long, FakeSubscription, string> frame)
    {
        foreach (var session in _sessions)
            foreach (var (sid, sub) in session.Subscriptions.Where(s => s.Value.Channel == channel && (s.Value.Markets is null || s.Value.Markets.Contains(ticker))))
                session.Enqueue(frame(sid, sub));
    }

    private static string Frame(string type, long sid, JsonNode msg) => new JsonObject { ["type"] = type, ["sid"] = sid, ["msg"] = msg }.ToJsonString();

    /// <summary>A subscription of one connection: its channel, markets (null = all) and, for books, its seq.</summary>
    private sealed class FakeSubscription(string channel, HashSet<string>? markets, bool yesPrice, int connection)
    {
        public int Connection { get; } = connection;
        public string Channel { get; } = channel;
        public HashSet<string>? Markets { get; } = markets;
        public bool YesPrice { get; } = yesPrice;
        public long Seq { get; set; }
        public string? HeldBack { get; set; }
    }

    /// <summary>One accepted socket: reads commands, sends queued frames in order (nothing once stalled).</summary>
    private sealed class FakeSocketSession(int number, WebSocket socket, FakeKalshiServer server)
    {
        private readonly System.Threading.Channels.Channel<string> _outgoing = System.Threading.Channels.Channel.CreateUnbounded<string>();

        public int Number { get; } = number;
        public Dictionary<long, FakeSubscription> Subscriptions { get; } = [];
        public long LastSid { get; set; }
        public bool Stalled { get; set; }

        public void Enqueue(string frame)
        {
            if (!Stalled) _outgoing.Writer.TryWrite(frame);
        }

        public void Abort() => socket.Abort();

        public async Task RunAsync(CancellationToken stopping)
        {
            using var ending = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var sending = SendAsync(ending.Token);
            try
            {
                var buffer = new byte[64 * 1024];
                while (socket.State == WebSocketState.Open)
                {
                    var r = await socket.ReceiveAsync(buffer.AsMemory(), ending.Token).ConfigureAwait(false);
                    if (r.MessageType == WebSocketMessageType.Close) break;
                    var length = r.Count;
                    while (!r.EndOfMessage && length < buffer.Length)
                    {
                        r = await socket.ReceiveAsync(buffer.AsMemory(length), ending.Token).ConfigureAwait(false);
                        length += r.Count;
                    }
                    server.Command(this, System.Text.Encoding.UTF8.GetString(buffer, 0, length));
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // the client went away, or the fake is stopping
            }
            finally
            {
                _outgoing.Writer.TryComplete();
                await ending.CancelAsync().ConfigureAwait(false);
                await sending.ConfigureAwait(false);
            }
        }

        private async Task SendAsync(CancellationToken ct)
        {
            try
            {
                await foreach (var frame in _outgoing.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                {
                    if (Stalled) continue;
                    await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }
}
