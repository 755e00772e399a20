using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Precog.Actors;
using Precog.Actors.Catalog;
using Precog.Actors.Feeds;
using Precog.Actors.Games;
using Precog.Actors.Hosting;
using Precog.Actors.Markets;
using Precog.Domain.Games;
using Precog.Domain.Markets;
using Precog.Domain.Models;
using Precog.Domain.Values;
using Precog.Exchanges;
using Precog.Exchanges.Espn;
using Serilog;

namespace Precog.Host;

/// <summary>
/// What a Kalshi node does besides the engine: registers the versions it trades with, then every
/// <see cref="KalshiNodeSettings.MarketRefresh"/> lists the configured series' open markets (GetMarkets) and follows
/// the new ones: lists each in the engine linked to its game (read from the ticker: teams and date), follows its book
/// on the stream, and gives its game the pregame state, which the model prices by Elo. There is no game feed here:
/// without one, game states never move past pregame (README, "Trade on Kalshi's demo").
/// </summary>
public sealed class KalshiMarketsService(ActorSystem system, ActorRegistry registry, EngineOptions engine, KalshiNodeSettings kalshi) : BackgroundService
{
    public const string League = "nfl";

    /// <summary>How long a newly listed market may take to link to its game before its game's state is sent anyway.</summary>
    private static readonly TimeSpan LinkPatience = TimeSpan.FromSeconds(10);

    private readonly Dictionary<MarketTicker, (GameTicker Game, string GameId)> _followed = [];
    private readonly HashSet<string> _refused = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var catalog = await registry.GetAsync<CatalogKey>(stoppingToken);
        var registered = await catalog.Ask<VersionsRegistered>(new RegisterVersions(engine.Strategies,
            [(NflWinModel.DefaultLabel, "elo_ingame", "{\"elo\":\"fivethirtyeight_nfl\",\"in_game\":\"stern_1994\",\"sigma\":13.45}")]), TimeSpan.FromSeconds(30), stoppingToken);
        Log.Information("Versions: {Strategies} ({New} newly registered)", string.Join(", ", engine.Strategies.Select(s => s.Label)), registered.New);
        var markets = await registry.GetAsync<MarketRegion>(stoppingToken);
        var games = await registry.GetAsync<GameRegion>(stoppingToken);
        var feed = await registry.GetAsync<FeedKey>(stoppingToken);
        var mediator = DistributedPubSub.Get(system).Mediator;
        Log.Information("Kalshi node trading: {Venue}; open markets listed every {Refresh}", kalshi.Describe(), kalshi.MarketRefresh);

        while (!stoppingToken.IsCancellationRequested)
        {
            await RefreshAsync(markets, games, feed, mediator, stoppingToken);
            await Task.Delay(kalshi.MarketRefresh, TimeProvider.System, stoppingToken);
        }
    }

    private async Task RefreshAsync(IActorRef markets, IActorRef games, IActorRef feed, IActorRef mediator, CancellationToken ct)
    {
        IReadOnlyList<ExchangeMarket> open;
        try
        {
            open = await engine.Exchange.GetMarketsAsync(ct);
        }
        catch (ExchangeException e)
        {
            Log.Warning("Kalshi markets not listed ({Reason}); trying again in {Refresh}", e.Message, kalshi.MarketRefresh);
            return;
        }

        var added = new List<(ExchangeMarket Market, GameTicker Game)>();
        foreach (var m in open.Where(m => m.Status == MarketStatus.Open && !_followed.ContainsKey(m.Ticker)))
        {
            var read = KalshiGameLinker.Read(m.Ticker);
            if (read.Game is not { } game)
            {
                if (_refused.Add(m.Ticker.Value)) Log.Warning("Kalshi market not followed: {Reason}", read.Refusal);
                continue;
            }
            added.Add((m, game));
        }
        foreach (var (m, game) in added)
        {
            // the game is known by its event ticker (one event per game); an ESPN feed would link it to ESPN's id instead
            markets.Tell(new ListMarket(m.Platform, m.Ticker, m.EventTicker, m.SeriesTicker, m.Title, m.ExpectedExpiration, League, m.EventTicker));
            _followed[m.Ticker] = (game, m.EventTicker);
            Log.Information("Following {Ticker}: {Away} at {Home} on {Date}, YES on {Yes}", m.Ticker, game.Away, game.Home, game.Date, game.YesTeam);
        }
        if (added.Count > 0)
        {
            // a market hears its game's state only once linked to it (subscribed to the game's topic)
            await Task.WhenAll(added.Select(a => LinkedAsync(markets, a.Market, ct)));
            feed.Tell(new FollowMarkets(added.Select(a => a.Market.Ticker).ToList()));
        }

        var now = TimeProvider.System.GetUtcNow();
        foreach (var (game, eventTicker) in _followed.Values.DistinctBy(g => g.GameId))
        {
            var state = new GameStateChanged(League, eventTicker, game.Home, game.Away, 0, 0, "Q1", "15:00", null, null, null, GameStatus.Pregame, now);
            games.Tell(new UpdateGame(state)); // journaled once; repeats only confirm it is current
            // and told again on the game's topic: a market that joined after the first telling (or after a restart) hears it too
            mediator.Tell(new Publish(Topics.Game(League, eventTicker), state));
        }
    }

    private static async Task LinkedAsync(IActorRef markets, ExchangeMarket m, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + LinkPatience;
        while (DateTime.UtcNow < deadline && !ct.IsCancellationRequested)
        {
            try
            {
                var view = await markets.Ask<MarketView>(new GetMarket(m.Platform, m.Ticker), TimeSpan.FromSeconds(5), ct);
                if (view.Game is not null) return;
            }
            catch (AskTimeoutException)
            {
            }
            await Task.Delay(50, ct);
        }
    }
}
