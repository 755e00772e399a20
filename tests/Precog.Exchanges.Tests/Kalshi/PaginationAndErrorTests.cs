using System.Net;
using Precog.Exchanges.Kalshi;
using Precog.Testing.FakeKalshi;

namespace Precog.Exchanges.Tests.Kalshi;

public class PaginationAndErrorTests
{
    [Fact]
    public async Task Markets_are_walked_page_by_page_until_the_cursor_comes_back_empty()
    {
        // Given seven open markets and pages of three
        await using var rig = await KalshiRig.StartAsync(s => s with { PageSize = 3 });
        var tickers = Enumerable.Range(1, 7).Select(i => $"KXNFLGAME-25DEC07G{i}-T{i}").ToList();
        foreach (var t in tickers) rig.Fake.ListMarket(t, t[..^3], "KXNFLGAME");

        // When the client lists them
        var markets = await rig.Exchange.GetMarketsAsync(CancellationToken.None);

        // Then all seven came, in three requests, the later two each carrying the cursor the one before returned
        Assert.Equal(tickers, markets.Select(m => m.Ticker.Value));
        var pages = rig.Fake.Requests.Where(r => r.Path == "/markets").ToList();
        Assert.Equal(3, pages.Count);
        Assert.DoesNotContain("cursor=", pages[0].Query, StringComparison.Ordinal);
        Assert.All(pages.Skip(1), p => Assert.Contains("cursor=", p.Query, StringComparison.Ordinal));
        Assert.All(pages, p => Assert.Contains("limit=3", p.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cursor_that_repeats_is_an_error_not_an_endless_walk()
    {
        await using var rig = await KalshiRig.StartAsync();
        rig.Fake.Reply("GET", "/portfolio/fills", HttpStatusCode.OK, """{"fills":[],"cursor":"same"}""");

        var e = await Assert.ThrowsAsync<ExchangeMalformedResponseException>(() => rig.Exchange.GetFillsAsync(null, null, CancellationToken.None));

        Assert.Equal("cursor", e.Field);
        Assert.Equal(2, rig.Fake.Requests.Count);
    }

    public static TheoryData<HttpStatusCode, string, Type, string> Shapes() => new()
    {
        // the spec's bare shape, the observed wrapped shape, the 429's string shape, and bodies that are none of them
        { HttpStatusCode.BadRequest, """{"code":"invalid_order","message":"price off grid","details":"0.505"}""", typeof(ExchangeRejectedException), "invalid_order" },
        { HttpStatusCode.BadRequest, """{"error":{"code":"available_balance_too_low","message":"balance","details":""}}""", typeof(ExchangeRejectedException), "available_balance_too_low" },
        { HttpStatusCode.BadRequest, """{"error":{"code":"MARKET_INACTIVE","message":"closed"}}""", typeof(ExchangeRejectedException), "MARKET_INACTIVE" },
        { HttpStatusCode.Unauthorized, """{"error":{"code":"authentication_error","message":"bad","details":"INCORRECT_API_KEY_SIGNATURE"}}""", typeof(ExchangeAuthenticationException), "authentication_error" },
        { HttpStatusCode.Forbidden, "", typeof(ExchangeAuthenticationException), "http_403" },
        { HttpStatusCode.NotFound, """{"code":"not_found","message":"no such order"}""", typeof(ExchangeNotFoundException), "not_found" },
        { HttpStatusCode.Conflict, """{"error":{"code":"order_already_exists","message":"dup"}}""", typeof(KalshiDuplicateOrderException), "order_already_exists" },
        { HttpStatusCode.TooManyRequests, """{"error":"too many requests"}""", typeof(ExchangeRateLimitedException), "" },
        { HttpStatusCode.InternalServerError, """{"error":{"code":"internal_error","message":"boom"}}""", typeof(ExchangeUnavailableException), "internal_error" },
        { HttpStatusCode.ServiceUnavailable, "<html>maintenance</html>", typeof(ExchangeUnavailableException), "http_503" },
        { HttpStatusCode.BadGateway, "", typeof(ExchangeUnavailableException), "http_502" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_error_shape_maps_to_its_type_and_keeps_its_code(HttpStatusCode status, string body, Type expected, string code)
    {
        var e = KalshiErrors.FromResponse("PlaceOrder", status, body, null);

        Assert.IsType(expected, e);
        Assert.Equal("kalshi", e.Platform);
        if (e is ExchangeRejectedException rejected) Assert.Equal(code, rejected.Code);
        else Assert.Contains(code, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_over_http_is_not_retried()
    {
        await using var rig = await KalshiRig.StartAsync();
        rig.Fake.Reply("GET", "/exchange/status", HttpStatusCode.BadRequest, """{"error":{"code":"invalid_parameters","message":"nope"}}""");

        var e = await Assert.ThrowsAsync<ExchangeRejectedException>(() => rig.Exchange.GetStatusAsync(CancellationToken.None));

        Assert.Equal("invalid_parameters", e.Code);
        Assert.Single(rig.Fake.Requests);
    }

    [Fact]
    public async Task A_server_error_on_a_read_is_retried_until_it_succeeds_and_no_further()
    {
        await using var rig = await KalshiRig.StartAsync(s => s with { MaxAttempts = 3 });
        rig.Fake.FailNext(2, HttpStatusCode.InternalServerError);

        var status = await rig.Exchange.GetStatusAsync(CancellationToken.None);

        Assert.True(status.TradingActive);
        Assert.Equal(3, rig.Fake.Requests.Count);

        rig.Fake.FailNext(3, HttpStatusCode.BadGateway);
        await Assert.ThrowsAsync<ExchangeUnavailableException>(() => rig.Exchange.GetStatusAsync(CancellationToken.None));
        Assert.Equal(6, rig.Fake.Requests.Count);
    }

    [Fact]
    public async Task A_429_is_honoured_for_its_retry_after_before_the_call_is_tried_again()
    {
        // Given a venue whose bucket holds one read and refills slowly, and says Retry-After: 2
        await using var rig = await KalshiRig.StartAsync(s => s with { MaxAttempts = 2 });
        rig.Fake.Faults = new FakeKalshiFaults(RateLimit: new FakeRateLimit(ReadPerSecond: 10, WritePerSecond: 10), RetryAfterSeconds: 2);
        await rig.Exchange.GetStatusAsync(CancellationToken.None);

        // When a second read finds the bucket empty
        var reading = rig.Exchange.GetStatusAsync(CancellationToken.None);
        await rig.AdvanceUntil(() => rig.Fake.Requests.Count == 2, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(1));
        var waited = await rig.AdvanceUntil(() => rig.Fake.Requests.Count == 3, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));

        // Then the client waited the 2 s it was told (not its zero backoff) and the retry went through
        Assert.InRange(waited, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        Assert.True((await reading).ExchangeActive);
    }

    [Fact]
    public async Task A_429_without_retry_after_surfaces_as_rate_limited_when_attempts_run_out()
    {
        await using var rig = await KalshiRig.StartAsync(s => s with { MaxAttempts = 1 });
        rig.Fake.FailNext(1, HttpStatusCode.TooManyRequests, """{"error":"too many requests"}""");

        var e = await Assert.ThrowsAsync<ExchangeRateLimitedException>(() => rig.Exchange.GetBalanceAsync(CancellationToken.None));

        Assert.Null(e.RetryAfter);
    }
}
