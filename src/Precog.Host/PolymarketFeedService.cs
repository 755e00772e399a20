using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Precog.Actors.Feeds;
using Precog.Actors.Hosting;
using Precog.Actors.Markets;
using Precog.Domain.Values;
using Precog.Exchanges;
using Precog.Exchanges.Polymarket;
using Serilog;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;

namespace Precog.Host;

/// <summary>
/// Polymarket market data on a Kalshi node (<c>precog.polymarket</c>; README, "Polymarket market data"). The
/// <see cref="KalshiMarketsService"/> lists each configured token as a market of platform <see cref="PolymarketClob.Platform"/>
/// on its Kalshi ticker's game; this service then reads each token's REST book once and gives it to its market as a
/// snapshot (so the market has a price before the WebSocket answers), and runs a second <see cref="MarketFeed"/> over the
/// market channel (<see cref="PolymarketMarketStream"/>) following every token. A REST book that fails is logged and read
/// again with backoff until it or the channel gives the market a price; the channel reconnects with backoff by itself.
/// Market data only: the risk manager refuses every entry on Polymarket (<see cref="Precog.Actors.Risk.RiskEnvironment.TradedPlatforms"/>).
/// </summary>
public sealed class PolymarketFeedService(ActorSystem system, ActorRegistry registry, KalshiNodeSettings kalshi, EngineOptions engine) : BackgroundService
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = kalshi.Polymarket;
        if (!settings.Enabled) return;
        var markets = await registry.GetAsync<MarketRegion>(stoppingToken);
        var stream = new PolymarketMarketStream(settings.MarketUrl, PolymarketStreamSettings.Default, engine.Time,
            new SerilogLoggerFactory(Log.Logger).CreateLogger<PolymarketMarketStream>());
        var feed = system.ActorOf(MarketFeed.Props(stream, markets, engine.Time), $"feed-{PolymarketClob.Platform}");
        var clob = new PolymarketClob(_http, settings.ClobUrl);
        var tokens = settings.Markets.Select(m => new MarketTicker(m.Token)).ToList();

        // each token's first REST read, once its market is listed (a quote of an unlisted market would have no listing to go with)
        var firsts = tokens.Select(async t =>
        {
            await ListedAsync(markets, t, stoppingToken);
            return (Ticker: t, Read: await BookAsync(clob, markets, t, stoppingToken));
        }).ToList();
        var read = await Task.WhenAll(firsts);
        feed.Tell(new FollowMarkets(tokens));
        Log.Information("Polymarket market data (never traded): {Count} token(s) followed on {Channel}", tokens.Count, settings.MarketUrl);

        // the books not read are read again with backoff until the REST answer or the channel's gives their market a price
        await Task.WhenAll(read.Where(r => !r.Read).Select(r => RetryAsync(clob, markets, r.Ticker, stoppingToken)));
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task RetryAsync(PolymarketClob clob, IActorRef markets, MarketTicker token, CancellationToken ct)
    {
        var wait = FirstBackoff;
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(wait, engine.Time, ct);
            if (await ViewAsync(markets, token, ct) is { Quote: not null })
            {
                Log.Information("Polymarket {Token}: priced by the market channel; its REST book is not read again", token);
                return;
            }
            if (await BookAsync(clob, markets, token, ct)) return;
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    /// <summary>One REST read of the token's book, given to its market as a snapshot; false (logged) when it failed.</summary>
    private async Task<bool> BookAsync(PolymarketClob clob, IActorRef markets, MarketTicker token, CancellationToken ct)
    {
        try
        {
            var book = await clob.GetBookAsync(token.Value, ct);
            var now = engine.Time.GetUtcNow();
            var orderBook = book.ToOrderBook(now);
            // sequence 0: the channel numbers its events from 1, and its first book replaces this one whatever came first
            markets.Tell(new ApplyMarketData(new BookSnapshot(PolymarketClob.Platform, token, orderBook, 0, book.Timestamp ?? now)));
            Log.Information("Polymarket {Token}: REST book read ({Bids} YES and {Asks} NO bid levels)", token, orderBook.YesBids.Count, orderBook.NoBids.Count);
            return true;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Log.Warning("Polymarket {Token}: REST book not read ({Reason}); read again with backoff until the market has a price", token, e.Message);
            return false;
        }
    }

    /// <summary>Until the markets service has listed the token's market (listed markets are linked to their game).</summary>
    private async Task ListedAsync(IActorRef markets, MarketTicker token, CancellationToken ct)
    {
        while (await ViewAsync(markets, token, ct) is not { Game: not null }) await Task.Delay(TimeSpan.FromMilliseconds(200), engine.Time, ct);
    }

    private async Task<MarketView?> ViewAsync(IActorRef markets, MarketTicker token, CancellationToken ct)
    {
        try
        {
            return await markets.Ask<MarketView>(new GetMarket(PolymarketClob.Platform, token), AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
