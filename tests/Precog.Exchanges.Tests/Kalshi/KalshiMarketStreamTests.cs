using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Precog.Domain.Markets;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges.Kalshi;
using Precog.Exchanges.Tests.Support;
using Precog.Testing.FakeKalshi;
using Precog.Tests;

namespace Precog.Exchanges.Tests.Kalshi;

/// <summary>
/// The Kalshi WebSocket stream against the fake Kalshi's socket over a real WebSocket on 127.0.0.1. Waits (watchdog,
/// backoff, connect timeout) run on <see cref="ObservedTime"/>: a test waits until the stream is parked on the timer
/// it expects, then moves the clock.
/// </summary>
public sealed class KalshiMarketStreamTests : IAsyncLifetime
{
    private const string T1 = "KXNFLGAME-25DEC07BUFCIN-BUF", T2 = "KXNFLGAME-25DEC07BUFCIN-CIN";
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(20), FirstBackoff = TimeSpan.FromSeconds(1);

    private readonly ObservedTime _time = new(new DateTimeOffset(2026, 9, 6, 17, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource _cts = new();
    private readonly ListLogger<KalshiMarketStream> _log = new();
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private FakeKalshiServer _fake = null!;
    private IAsyncEnumerator<MarketDataEvent>? _stream;
    private Task<bool>? _moving;

    public async Task InitializeAsync()
    {
        _fake = await FakeKalshiServer.StartAsync(FakeKalshiOptions.For(KalshiRig.Key, KalshiRig.KeyId, _time));
        _fake.ListMarket(T1, "KXNFLGAME-25DEC07BUFCIN", "KXNFLGAME");
        _fake.ListMarket(T2, "KXNFLGAME-25DEC07BUFCIN", "KXNFLGAME");
        _fake.SetBook(T1, [(0.45m, 300), (0.46m, 120)], [(0.53m, 80)]);
        _fake.SetBook(T2, [(0.52m, 40)], [(0.46m, 60)]);
    }

    public async Task DisposeAsync()
    {
        await _cts.CancelAsync();
        try
        {
            if (_moving is not null) await _moving;
        }
        catch (Exception e) when (e is OperationCanceledException or ExchangeException)
        {
        }
        if (_stream is not null) await _stream.DisposeAsync();
        await _fake.DisposeAsync();
        _http.Dispose();
        _cts.Dispose();
    }

    private TimeSpan? _restate;

    private KalshiStreamSettings Settings => new(_fake.WebSocketUrl, Silence, TimeSpan.FromSeconds(10), FirstBackoff, TimeSpan.FromSeconds(8), _restate);

    private void Open(RSA? key = null, TimeProvider? clock = null, Func<string, KalshiOrderHint?>? hints = null, params string[] tickers)
    {
        var signer = KalshiSigner.FromPem(KalshiRig.KeyId, (key ?? KalshiRig.Key).ExportPkcs8PrivateKeyPem(), "the test key");
        var stream = new KalshiMarketStream(Settings, signer, clock ?? _time, new Random(3), _log, hints);
        _stream = stream.ReadAsync([.. (tickers.Length == 0 ? [T1, T2] : tickers).Select(t => new MarketTicker(t))], _cts.Token).GetAsyncEnumerator();
    }

    private Task<bool> Move() => _moving = _stream!.MoveNextAsync().AsTask();

    /// <summary>The next event, which must be a <typeparamref name="T"/>; the venue's ticker quotes are passed over unless asked for.</summary>
    private async Task<T> Next<T>() where T : MarketDataEvent
    {
        while (true)
        {
            Assert.True(await Move().WaitAsync(TimeSpan.FromSeconds(10)), "the stream ended");
            if (_stream!.Current is TickerQuote && typeof(T) != typeof(TickerQuote) && typeof(T) != typeof(MarketDataEvent)) continue;
            return typeof(T) == typeof(MarketDataEvent) ? (T)_stream.Current : Assert.IsType<T>(_stream.Current);
        }
    }

    private async Task<(BookSnapshot, BookSnapshot)> ConnectedAsync()
    {
        var one = await Next<BookSnapshot>();
        var two = await Next<BookSnapshot>();
        return (one, two);
    }

    private static (decimal, int)[] Levels(IReadOnlyList<BookLevel> levels) => [.. levels.Select(l => (l.Price.Value, l.Size.Value))];

    private IReadOnlyList<JsonElement> Commands(int connection) =>
        [.. _fake.SocketCommands.Where(c => c.Connection == connection).Select(c => JsonDocument.Parse(c.Command).RootElement)];

    private static bool Subscribes(JsonElement c, string channel, string? ticker = null) =>
        c.GetProperty("cmd").GetString() == "subscribe"
        && c.GetProperty("params").GetProperty("channels").EnumerateArray().Any(x => x.GetString() == channel)
        && (ticker is null || (c.GetProperty("params").TryGetProperty("market_ticker", out var t) && t.GetString() == ticker));

    [Fact]
    public async Task A_snapshot_then_deltas_arrive_in_order_exactly_as_the_venues_book_changed()
    {
        Open();
        var (one, two) = await ConnectedAsync();

        Assert.Equal(("kalshi", new MarketTicker(T1), 1L), (one.Platform, one.Ticker, one.Seq));
        Assert.Equal([(0.45m, 300), (0.46m, 120)], Levels(one.Book.YesBids));
        Assert.Equal([(0.53m, 80)], Levels(one.Book.NoBids)); // NO bids at NO-leg prices, as in REST
        Assert.Equal((new MarketTicker(T2), 1L), (two.Ticker, two.Seq));
        // one book subscription per market, NO prices asked in NO terms explicitly, and the other channels subscribed
        var commands = Commands(1);
        Assert.False(commands.Single(c => Subscribes(c, "orderbook_delta", T1)).GetProperty("params").GetProperty("use_yes_price").GetBoolean());
        Assert.Single(commands, c => Subscribes(c, "orderbook_delta", T2));
        Assert.Single(commands, c => Subscribes(c, "fill") && Subscribes(c, "user_orders") && Subscribes(c, "ticker") && Subscribes(c, "trade"));
        Assert.Single(commands, c => Subscribes(c, "market_lifecycle_v2"));

        _fake.SetBook(T1, [(0.45m, 300), (0.46m, 100), (0.47m, 5)], [(0.53m, 80)]);
        var first = await Next<BookDelta>();
        var second = await Next<BookDelta>();
        Assert.Equal([(Side.Yes, 0.46m, -20, 2L), (Side.Yes, 0.47m, 5, 3L)], new[] { first, second }.Select(d => (d.Side, d.Price.Value, d.Delta, d.Seq)));
        Assert.IsType<TickerQuote>(await Next<MarketDataEvent>()); // the venue's summary follows every change
        _fake.SetBook(T2, [(0.52m, 40)], []);
        var removed = await Next<BookDelta>();
        Assert.Equal((new MarketTicker(T2), Side.No, 0.46m, -60, 2L), (removed.Ticker, removed.Side, removed.Price.Value, removed.Delta, removed.Seq));
    }

    [Fact]
    public async Task A_sequence_gap_makes_the_book_stale_until_a_fresh_snapshot_and_no_delta_is_applied_across_it()
    {
        Open();
        await ConnectedAsync();

        // Given the delta of one change is lost (seq 2 never arrives)
        _fake.DropNextBookDelta();
        _fake.SetBook(T1, [(0.45m, 300), (0.46m, 120)], [(0.53m, 80), (0.54m, 10)]);
        // When the next change's delta (seq 3) arrives
        _fake.SetBook(T1, [(0.45m, 300)], [(0.53m, 80), (0.54m, 10)]);

        // Then nothing is applied across the gap: the next event for T1 is a fresh snapshot holding both changes
        var resync = await Next<BookSnapshot>();
        Assert.Equal((new MarketTicker(T1), 2L), (resync.Ticker, resync.Seq));
        Assert.Equal([(0.45m, 300)], Levels(resync.Book.YesBids));
        Assert.Equal([(0.53m, 80), (0.54m, 10)], Levels(resync.Book.NoBids));
        // on the same connection, by dropping the old subscription and making a new one for T1 only
        Assert.Equal(1, _fake.SocketConnections);
        var commands = Commands(1);
        Assert.Equal(2, commands.Count(c => Subscribes(c, "orderbook_delta", T1)));
        Assert.Equal(1, commands.Single(c => c.GetProperty("cmd").GetString() == "unsubscribe").GetProperty("params").GetProperty("sids")[0].GetInt64());
        Assert.Single(commands, c => Subscribes(c, "orderbook_delta", T2));

        // and the new subscription's deltas apply again, T2's never stopped
        _fake.SetBook(T1, [(0.45m, 301)], [(0.53m, 80), (0.54m, 10)]);
        var after = await Next<BookDelta>();
        Assert.Equal((new MarketTicker(T1), 0.45m, 1, 3L), (after.Ticker, after.Price.Value, after.Delta, after.Seq));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("seq 3 came after 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_duplicated_delta_is_applied_once_and_a_reordered_pair_is_resynchronised_never_misapplied()
    {
        Open(tickers: [T1]);
        await Next<BookSnapshot>();

        _fake.DuplicateNextBookDelta();
        _fake.SetBook(T1, [(0.45m, 310), (0.46m, 120)], [(0.53m, 80)]);
        Assert.Equal((10, 2L), (await Next<BookDelta>() is var d1 ? (d1.Delta, d1.Seq) : default));
        _fake.SetBook(T1, [(0.45m, 320), (0.46m, 120)], [(0.53m, 80)]);
        Assert.Equal((10, 3L), (await Next<BookDelta>() is var d2 ? (d2.Delta, d2.Seq) : default)); // not the copy: the next change
        Assert.DoesNotContain(Commands(1), c => c.GetProperty("cmd").GetString() == "unsubscribe");

        // a later seq before an earlier one: the book cannot be trusted, so it is rebuilt from a snapshot
        _fake.ReorderNextBookDelta();
        _fake.SetBook(T1, [(0.45m, 320), (0.46m, 100)], [(0.53m, 80)]);
        _fake.SetBook(T1, [(0.45m, 320), (0.46m, 100)], [(0.53m, 90)]);
        var events = new List<MarketDataEvent> { await Next<MarketDataEvent>() };
        while (events[^1] is not BookSnapshot) events.Add(await Next<MarketDataEvent>());
        Assert.DoesNotContain(events, e => e is BookDelta); // neither the early nor the late delta was applied
        var snapshot = (BookSnapshot)events[^1];
        Assert.Equal([(0.45m, 320), (0.46m, 100)], Levels(snapshot.Book.YesBids));
        Assert.Equal([(0.53m, 90)], Levels(snapshot.Book.NoBids));
    }

    [Fact]
    public async Task A_dropped_connection_is_reopened_after_a_jittered_doubling_backoff_and_every_subscription_sent_again()
    {
        Open();
        await ConnectedAsync();
        _fake.RefuseNextSockets(1);

        _fake.DisconnectSockets();
        // the connection had delivered: the first wait is the first backoff, jittered to [½, 1] of it
        await _time.TimerAsync(d => d >= FirstBackoff / 2 && d <= FirstBackoff, "a first backoff");
        Assert.Equal(1, _fake.SocketConnections);
        _time.Advance(FirstBackoff);
        // the next attempt is refused (503): the wait doubles
        await _time.TimerAsync(d => d >= FirstBackoff && d <= 2 * FirstBackoff, "a doubled backoff");
        Assert.Equal(1, _fake.SocketConnections);
        _time.Advance(2 * FirstBackoff);

        var (one, two) = await ConnectedAsync();
        Assert.Equal(2, _fake.SocketConnections);
        // the stream's own numbering runs on across connections, so a market's events stay in one sequence
        Assert.Equal([(T1, 2L), (T2, 2L)], new[] { one, two }.Select(s => (s.Ticker.Value, s.Seq)));
        // the books' snapshots can come before the fill and lifecycle subscriptions reach the fake: wait for all four
        await Eventually.Holds(() => Task.FromResult(Commands(2).Count(c => c.GetProperty("cmd").GetString() == "subscribe") >= 4));
        var again = Commands(2);
        Assert.Single(again, c => Subscribes(c, "orderbook_delta", T1));
        Assert.Single(again, c => Subscribes(c, "orderbook_delta", T2));
        Assert.Single(again, c => Subscribes(c, "fill"));
        Assert.Single(again, c => Subscribes(c, "market_lifecycle_v2"));
    }

    [Fact]
    public async Task While_data_arrives_each_live_book_is_restated_as_a_snapshot_of_its_current_state_and_not_while_none_does()
    {
        _restate = TimeSpan.FromSeconds(5);
        Open();
        var (one, two) = await ConnectedAsync();

        // Given T2's book does not move while T1's does, once the restatement span has passed
        _time.Advance(TimeSpan.FromSeconds(5));
        _fake.SetBook(T1, [(0.45m, 301), (0.46m, 120)], [(0.53m, 80)]);

        // Then T1's change comes as a delta, then both books are restated whole, each with its market's next number
        var delta = await Next<BookDelta>();
        Assert.Equal((T1, one.Seq + 1), (delta.Ticker.Value, delta.Seq));
        var restated = new[] { await Next<BookSnapshot>(), await Next<BookSnapshot>() }.ToDictionary(s => s.Ticker.Value);
        Assert.Equal(delta.Seq + 1, restated[T1].Seq);
        Assert.Equal([(0.45m, 301), (0.46m, 120)], Levels(restated[T1].Book.YesBids));
        Assert.Equal(two.Seq + 1, restated[T2].Seq);
        Assert.Equal(Levels(two.Book.YesBids), Levels(restated[T2].Book.YesBids));
        Assert.Equal(_time.GetUtcNow(), restated[T2].At);

        // and a connection gone silent restates nothing: its stall is what the markets hear next (besides T1's ticker quote)
        _fake.StallSockets();
        _time.Advance(Silence);
        Assert.IsType<StreamStalled>(await Next<MarketDataEvent>() is TickerQuote ? await Next<MarketDataEvent>() : _stream!.Current);
    }

    [Fact]
    public async Task Silence_past_the_watchdog_span_is_reported_as_a_stall_and_reconnected_while_data_keeps_it_quiet()
    {
        Open();
        await ConnectedAsync();

        // data arriving keeps the watchdog quiet though more than one span passes in all
        _time.Advance(TimeSpan.FromSeconds(15));
        _fake.SetBook(T1, [(0.45m, 301), (0.46m, 120)], [(0.53m, 80)]);
        await Next<BookDelta>();
        await Next<TickerQuote>();
        _time.Advance(TimeSpan.FromSeconds(15));
        await _time.TimerAsync(d => d == TimeSpan.FromSeconds(5), "the watchdog's wait for the rest of its span");
        _fake.SetBook(T1, [(0.45m, 302), (0.46m, 120)], [(0.53m, 80)]);
        Assert.Equal(1, (await Next<BookDelta>()).Delta); // not a stall
        await Next<TickerQuote>();

        // Given the connection stays open but goes silent
        _fake.StallSockets();
        _time.Advance(Silence);

        // Then each market is reported stalled, once, with how long it has been silent
        var stalls = new[] { await Next<StreamStalled>(), await Next<StreamStalled>() };
        Assert.Equal([T1, T2], stalls.Select(s => s.Ticker.Value));
        Assert.All(stalls, s => Assert.Equal(Silence, s.Silence));
        // and the watchdog drops the connection: a new one after the backoff, whose snapshots resume each market
        await _time.TimerAsync(d => d >= FirstBackoff / 2 && d <= FirstBackoff, "the reconnect backoff");
        _time.Advance(FirstBackoff);
        Assert.Equal(T1, (await Next<StreamResumed>()).Ticker.Value);
        var fresh = await Next<BookSnapshot>();
        Assert.Equal((T1, 302), (fresh.Ticker.Value, fresh.Book.YesBids[0].Size.Value));
        Assert.Equal(T2, (await Next<StreamResumed>()).Ticker.Value);
        Assert.Equal(T2, (await Next<BookSnapshot>()).Ticker.Value);
        Assert.Equal(2, _fake.SocketConnections);
    }

    [Fact]
    public async Task An_upgrade_with_a_bad_signature_is_refused_and_ends_the_stream_with_an_authentication_error()
    {
        Open(key: KalshiRig.OtherKey);

        var refused = await Assert.ThrowsAsync<ExchangeAuthenticationException>(() => Move().WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Contains("HTTP 401", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["INCORRECT_API_KEY_SIGNATURE"], _fake.SocketRefusals);
        Assert.Equal(0, _fake.SocketConnections);
    }

    [Fact]
    public async Task An_upgrade_signed_on_a_clock_outside_the_allowed_skew_is_refused()
    {
        var late = new ObservedTime(_time.GetUtcNow() - TimeSpan.FromMinutes(5));
        Open(clock: late);

        await Assert.ThrowsAsync<ExchangeAuthenticationException>(() => Move().WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(["TIMESTAMP_OUTSIDE_ALLOWED_WINDOW"], _fake.SocketRefusals);
    }

    [Fact]
    public async Task A_malformed_frame_is_logged_naming_its_field_and_skipped_and_an_unreadable_book_frame_resyncs_its_market()
    {
        Open(tickers: [T1]);
        await Next<BookSnapshot>();

        _fake.SendRawFrame("""{"type":"trade","sid":2,"msg":{"trade_id":"t-1","market_ticker":"KXNFLGAME-25DEC07BUFCIN-BUF","yes_price_dollars":"1.5000","count_fp":"3.00","taker_outcome_side":"yes","ts_ms":1789000000000}}""");
        _fake.SendRawFrame("""{"type":"ticker","sid":2,"msg":{"market_ticker":"KXNFLGAME-25DEC07BUFCIN-BUF","yes_bid_dollars":"abc"}}""");
        _fake.SendRawFrame("not json at all");
        _fake.SetBook(T1, [(0.45m, 299), (0.46m, 120)], [(0.53m, 80)]);
        Assert.Equal((-1, 2L), (await Next<BookDelta>() is var d ? (d.Delta, d.Seq) : default)); // the stream lived on
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("'msg.yes_price_dollars' 1.5000 is outside [0, 1]", StringComparison.Ordinal));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("'msg.yes_bid_dollars' 'abc' is not a decimal number", StringComparison.Ordinal));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("not JSON", StringComparison.Ordinal));

        // a book frame that cannot be read cannot be skipped (the book would be wrong): its market is resynchronised
        _fake.SendRawFrame("""{"type":"orderbook_delta","sid":1,"seq":3,"msg":{"market_ticker":"KXNFLGAME-25DEC07BUFCIN-BUF","price_dollars":"0.46x","delta_fp":"1.00","side":"yes"}}""");
        var resync = await Next<BookSnapshot>();
        Assert.Equal([(0.45m, 299), (0.46m, 120)], Levels(resync.Book.YesBids));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("'msg.price_dollars' '0.46x' is not a decimal number", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_accounts_fills_orders_trades_and_lifecycle_arrive_in_the_held_sides_terms()
    {
        var settings = new KalshiSettings(_fake.BaseUrl, KalshiRig.KeyId, "unused.pem", BackoffBase: TimeSpan.Zero, BackoffMax: TimeSpan.Zero);
        using var exchange = new KalshiExchange(settings, KalshiSigner.FromPem(KalshiRig.KeyId, KalshiRig.Key.ExportPkcs8PrivateKeyPem()), _http, _time, new Random(7));
        Open(hints: exchange.HintOf, tickers: [T1]);
        await Next<BookSnapshot>();

        // When NO is bought: it takes YES bids (0.46 × 5), as a YES ask
        var order = new OrderRequest(ClientOrderId.New(), "kalshi", new MarketTicker(T1), Side.No, OrderAction.Buy, new Quantity(5), new Price(0.54m), TimeInForce.ImmediateOrCancel);
        var placed = await exchange.PlaceOrderAsync(order, CancellationToken.None);

        var events = new List<MarketDataEvent>();
        while (events.Count == 0 || events[^1] is not OrderNotice) events.Add(await Next<MarketDataEvent>());
        var delta = Assert.Single(events.OfType<BookDelta>());
        Assert.Equal((Side.Yes, 0.46m, -5), (delta.Side, delta.Price.Value, delta.Delta));
        var fill = Assert.Single(events.OfType<FillNotice>()).Fill;
        Assert.Equal((placed.OrderId, Side.No, OrderAction.Buy, 5, 0.54m, true), (fill.OrderId, fill.Side, fill.Action, fill.Quantity.Value, fill.Price.Value, fill.IsTaker));
        var trade = Assert.Single(events.OfType<TradePrint>());
        Assert.Equal((0.46m, 5, Side.No), (trade.YesPrice.Value, trade.Count.Value, trade.TakerSide));
        var notice = Assert.IsType<OrderNotice>(events[^1]).Order;
        Assert.Equal((order.ClientOrderId, OrderStatus.Executed, 5), (notice.ClientOrderId, notice.Status, notice.Filled.Value));

        _fake.SetMarketStatus(T1, "determined", "yes");
        var closed = await Next<MarketLifecycle>();
        Assert.Equal((MarketStatus.Closed, (Price?)Price.One), (closed.Status, closed.YesSettlement));
    }
}
