using System.Net;
using Precog.Domain.Values;
using Precog.Exchanges.Polymarket;
using Precog.Testing.FakeFeeds;

namespace Precog.Exchanges.Tests.Polymarket;

public sealed class PolymarketClobTests : IAsyncLifetime
{
    private const string Token = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
    private FakePolymarketServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _server = await FakePolymarketServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task The_rest_book_becomes_yes_bids_and_no_bids_best_last_in_whole_shares()
    {
        // levels deliberately out of order: the docs disagree on Polymarket's sort order
        _server.SetBook(Token, PolymarketMessages.Book(Token, "0xabc", [("0.47", "120.5"), ("0.48", "1000"), ("0.30", "0.4")],
            [("0.55", "40"), ("0.52", "800")], 1_765_130_400_000, asMessage: false));

        var book = await new PolymarketClob(_http, _server.RestBase).GetBookAsync(Token, CancellationToken.None);
        var orderBook = book.ToOrderBook(DateTimeOffset.UnixEpoch);

        Assert.Equal(0.48m, book.Bids.Keys.Max());
        Assert.Equal(120.5m, book.Bids[0.47m]);
        Assert.Equal(new MarketTicker(Token), orderBook.Ticker);
        Assert.Equal([(0.47m, 120), (0.48m, 1000)], orderBook.YesBids.Select(l => (l.Price.Value, l.Size.Value)));
        Assert.Equal([(0.45m, 40), (0.48m, 800)], orderBook.NoBids.Select(l => (l.Price.Value, l.Size.Value)));
        Assert.Equal(new Price(0.52m), orderBook.Ask(Side.Yes));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_765_130_400_000), orderBook.At);
    }

    [Fact]
    public async Task A_price_outside_zero_to_one_is_refused_naming_the_token_and_the_level()
    {
        _server.SetBook(Token, PolymarketMessages.Book(Token, "0xabc", [("0.48", "10"), ("1.20", "5")], [], 1, asMessage: false));

        var e = await Assert.ThrowsAsync<PolymarketFormatException>(() => new PolymarketClob(_http, _server.RestBase).GetBookAsync(Token, CancellationToken.None));

        Assert.Equal((Token, "bids[1].price"), (e.AssetId, e.Field));
        Assert.Contains("must lie in [0, 1]", e.Message);
    }

    [Fact]
    public async Task An_unknown_token_is_an_http_error_naming_it()
    {
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => new PolymarketClob(_http, _server.RestBase).GetBookAsync("123", CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Contains("123", e.Message);
    }
}
