using System.Text.Json;
using Precog.Domain.Values;
using Precog.Exchanges.Polymarket;
using Precog.Exchanges.Tests.Support;
using Precog.Testing.FakeFeeds;

namespace Precog.Exchanges.Tests.Polymarket;

/// <summary>The market channel against the fake Polymarket server over a real WebSocket on 127.0.0.1, reconnect waits on a fake clock.</summary>
public sealed class PolymarketMarketStreamTests : IAsyncLifetime
{
    private const string Yes = "1111", No = "2222", Other = "3333", Market = "0xfeed";
    private static readonly PolymarketStreamSettings Settings = new(
        PingInterval: TimeSpan.FromSeconds(30), ConnectTimeout: TimeSpan.FromSeconds(20), FirstBackoff: TimeSpan.FromSeconds(1), MaxBackoff: TimeSpan.FromSeconds(8));

    private readonly ObservedTime _time = new(new DateTimeOffset(2025, 12, 7, 18, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource _cts = new();
    private FakePolymarketServer _server = null!;
    private IAsyncEnumerator<MarketDataEvent> _stream = null!;
    private Task<bool>? _moving;

    public async Task InitializeAsync()
    {
        _server = await FakePolymarketServer.StartAsync();
        _stream = new PolymarketMarketStream(_server.MarketChannel, Settings, _time)
            .ReadAsync([new MarketTicker(Yes), new MarketTicker(No)], _cts.Token).GetAsyncEnumerator();
    }

    public async Task DisposeAsync()
    {
        await _cts.CancelAsync();
        try
        {
            if (_moving is not null) await _moving;
        }
        catch (OperationCanceledException)
        {
        }
        await _stream.DisposeAsync();
        await _server.DisposeAsync();
        _cts.Dispose();
    }

    private Task<bool> Move() => _moving = _stream.MoveNextAsync().AsTask();

    private async Task<T> Next<T>(Task<bool>? moving = null) where T : MarketDataEvent
    {
        Assert.True(await (moving ?? Move()).WaitAsync(TimeSpan.FromSeconds(10)), "the stream ended");
        return Assert.IsType<T>(_stream.Current);
    }

    private static string BookOf(string asset, long ts) =>
        PolymarketMessages.Book(asset, Market, [("0.47", "100"), ("0.48", "1000")], [("0.52", "800"), ("0.60", "5")], ts);

    private async Task<FakeMarketConnection> ConnectedAsync()
    {
        var connection = await _server.NextConnectionAsync();
        using var subscription = JsonDocument.Parse(await connection.NextClientMessageAsync());
        Assert.Equal("market", subscription.RootElement.GetProperty("type").GetString());
        Assert.Equal([Yes, No], subscription.RootElement.GetProperty("assets_ids").EnumerateArray().Select(a => a.GetString()));
        Assert.True(subscription.RootElement.GetProperty("initial_dump").GetBoolean());
        return connection;
    }

    [Fact]
    public async Task Books_become_snapshots_and_price_changes_become_deltas_of_whole_shares_in_order()
    {
        var pending = Move();
        var connection = await ConnectedAsync();
        await connection.SendAsync($"[{BookOf(Yes, 1000)},{BookOf(No, 1001)},{BookOf(Other, 1002)}]");

        var yes = await Next<BookSnapshot>(pending);
        var no = await Next<BookSnapshot>();
        Assert.Equal(("polymarket", new MarketTicker(Yes), 1L), (yes.Platform, yes.Ticker, yes.Seq));
        Assert.Equal((new MarketTicker(No), 1L), (no.Ticker, no.Seq));
        Assert.Equal(new BookLevel(new Price(0.48m), new Quantity(1000)), yes.Book.BestYesBid);
        Assert.Equal(new BookLevel(new Price(0.48m), new Quantity(800)), yes.Book.BestNoBid);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1000), yes.At);

        await connection.SendAsync("PONG");
        await connection.SendAsync(PolymarketMessages.PriceChange(Market, 2000,
            (Yes, "0.49", "250", "BUY"),      // a new bid level
            (Yes, "0.52", "300", "SELL"),     // the ask at 0.52 shrinks from 800: the NO bid at 0.48 by 500
            (Other, "0.40", "10", "BUY"),     // a token not followed
            (Yes, "0.47", "100.9", "BUY"),    // a fraction more: no whole share changed
            (Yes, "0.48", "0", "BUY")));      // the level is gone

        var deltas = new[] { await Next<BookDelta>(), await Next<BookDelta>(), await Next<BookDelta>() };
        Assert.Equal(
            [(Side.Yes, 0.49m, 250, 2L), (Side.No, 0.48m, -500, 3L), (Side.Yes, 0.48m, -1000, 4L)],
            deltas.Select(d => (d.Side, d.Price.Value, d.Delta, d.Seq)));
        Assert.All(deltas, d => Assert.Equal(new MarketTicker(Yes), d.Ticker));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(2000), deltas[0].At);
        var quiet = Move();
        await connection.SendAsync("""{"event_type":"last_trade_price","asset_id":"1111","price":"0.49","size":"10","side":"BUY"}""");
        await connection.SendAsync(PolymarketMessages.PriceChange(Market, 3000, (No, "0.30", "7", "BUY")));
        var other = await Next<BookDelta>(quiet); // the trade carried no book: the next event is the NO token's change
        Assert.Equal((new MarketTicker(No), Side.Yes, 0.30m, 7, 2L), (other.Ticker, other.Side, other.Price.Value, other.Delta, other.Seq));
    }

    [Fact]
    public async Task A_dropped_connection_is_reopened_after_a_backoff_resubscribed_and_resynchronised_by_its_book()
    {
        var pending = Move();
        var first = await ConnectedAsync();
        await first.SendAsync(BookOf(Yes, 1000));
        Assert.Equal(1L, (await Next<BookSnapshot>(pending)).Seq);
        pending = Move();

        first.Drop();
        await _time.TimerAsync(Settings.FirstBackoff);
        Assert.Equal(1, _server.ConnectionCount);
        _time.Advance(Settings.FirstBackoff);
        var second = await ConnectedAsync();

        second.Drop(); // gone before it said anything: the next wait doubles
        await _time.TimerAsync(2 * Settings.FirstBackoff);
        _time.Advance(2 * Settings.FirstBackoff);
        var third = await ConnectedAsync();

        // a change before the new book cannot be applied to a book this connection has not sent
        await third.SendAsync(PolymarketMessages.PriceChange(Market, 1500, (Yes, "0.49", "250", "BUY")));
        await third.SendAsync(PolymarketMessages.Book(Yes, Market, [("0.50", "10")], [("0.53", "20")], 2000));
        var resync = await Next<BookSnapshot>(pending);
        Assert.Equal(2L, resync.Seq);
        Assert.Equal(new BookLevel(new Price(0.50m), new Quantity(10)), Assert.Single(resync.Book.YesBids));
        await third.SendAsync(PolymarketMessages.PriceChange(Market, 2100, (Yes, "0.50", "15", "BUY")));
        var delta = await Next<BookDelta>();
        Assert.Equal((0.50m, 5, 3L), (delta.Price.Value, delta.Delta, delta.Seq));

        await third.CloseAsync(); // a polite close is reconnected too, from the first backoff (the connection worked)
        pending = Move();
        await _time.TimerAsync(Settings.FirstBackoff);
        _time.Advance(Settings.FirstBackoff);
        await ConnectedAsync();
        Assert.Equal(4, _server.ConnectionCount);
    }
}
