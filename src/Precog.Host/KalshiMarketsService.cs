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
using Precog.Actors.Risk;
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
/// the new ones on the stream. Each is listed in the engine linked to its ESPN game when the
/// <see cref="KalshiGameLinker"/> finds it on the scoreboard the <see cref="EspnFeedService"/> last read (the feed
/// then moves the game's state); otherwise to a game known by its event ticker, given the pregame state read from the
/// ticker (teams and date) that the model prices by Elo, and the reason is logged once. A market on its ticker's game
/// is linked to the ESPN game as soon as the scoreboard shows it (README, "Trade on Kalshi's demo"). The Polymarket
/// tokens of <c>precog.polymarket</c> are followed here too, each on the game its Kalshi ticker reads as (listed, linked
/// and relinked the same way), but never given to the Kalshi feed nor read for settlement: <see cref="PolymarketFeedService"/>
/// feeds their books, and nothing trades them.
/// </summary>
public sealed class KalshiMarketsService(
    ActorSystem system, ActorRegistry registry, EngineOptions engine, KalshiNodeSettings kalshi, EspnGameBook espn, NodeRecording recording, NodeSettings node)
    : BackgroundService
{
    public const string League = "nfl";

    /// <summary>How long a newly listed market may take to link to its game before its game's state is sent anyway.</summary>
    private static readonly TimeSpan LinkPatience = TimeSpan.FromSeconds(10);

    private readonly KalshiGameLinker _linker = new();
    private readonly Dictionary<MarketTicker, Followed> _followed = [];
    private readonly HashSet<string> _refused = [];
    private readonly HashSet<string> _unlinked = [];
    private readonly Dictionary<MarketTicker, MarketStatus> _ended = [];
    private IReadOnlyList<MarketTicker>? _known;

    /// <summary>A followed market: its ticker's reading and the game it is linked to (an ESPN event id, or its event ticker).</summary>
    private sealed record Followed(ExchangeMarket Market, GameTicker Game, string GameId, bool OnEspn);

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
        if (kalshi.Espn.Enabled)
        {
            // the first listing links to ESPN's games when the scoreboard answers in time; later ones relink the rest
            var patience = kalshi.Espn.Feed.RequestTimeout + TimeSpan.FromSeconds(2);
            if (await Task.WhenAny(espn.FirstRead, Task.Delay(patience, TimeProvider.System, stoppingToken)) != espn.FirstRead)
                Log.Warning("ESPN scoreboard not read within {Patience}: markets start on their tickers' pregame games until it is", patience);
        }
        Log.Information("Kalshi node trading: {Venue}; open markets listed every {Refresh}", kalshi.Describe(), kalshi.MarketRefresh);

        while (!stoppingToken.IsCancellationRequested)
        {
            await RefreshAsync(markets, games, feed, mediator, stoppingToken);
            await Task.Delay(kalshi.MarketRefresh, TimeProvider.System, stoppingToken);
        }
    }

    private async Task RefreshAsync(IActorRef markets, IActorRef games, IActorRef feed, IActorRef mediator, CancellationToken ct)
    {
        IReadOnlyList<ExchangeMarket>? open = null;
        try
        {
            open = await engine.Exchange.GetMarketsAsync(ct);
        }
        catch (ExchangeException e)
        {
            // the markets already followed (and the Polymarket ones, which need no listing) are linked and told as usual
            Log.Warning("Kalshi markets not listed ({Reason}); trying again in {Refresh}", e.Message, kalshi.MarketRefresh);
        }

        if (open is not null) await EndedAsync(markets, open, ct);
        var added = new List<MarketTicker>();
        foreach (var p in kalshi.Polymarket.Enabled ? kalshi.Polymarket.Markets : [])
        {
            if (_followed.ContainsKey(new MarketTicker(p.Token))) continue;
            // a token is priced on the game of its Kalshi ticker, linked (and relinked to ESPN) exactly as that market would be
            _followed[new MarketTicker(p.Token)] = new Followed(p.Market(), p.Game, p.GameEventTicker, OnEspn: false);
            added.Add(new MarketTicker(p.Token));
            Log.Information("Following Polymarket token {Token} ({Title}) for its price, never traded: {Away} at {Home} on {Date}, YES on {Yes} as {Ticker}",
                p.Token, p.Title, p.Game.Away, p.Game.Home, p.Game.Date, p.Game.YesTeam, p.Game.Ticker);
        }
        foreach (var m in (open ?? []).Where(m => m.Status == MarketStatus.Open && !_followed.ContainsKey(m.Ticker)))
        {
            var read = KalshiGameLinker.Read(m.Ticker);
            if (read.Game is not { } game)
            {
                if (_refused.Add(m.Ticker.Value)) Log.Warning("Kalshi market not followed: {Reason}", read.Refusal);
                continue;
            }
            _followed[m.Ticker] = new Followed(m, game, m.EventTicker, OnEspn: false);
            added.Add(m.Ticker);
            Log.Information("Following {Ticker}: {Away} at {Home} on {Date}, YES on {Yes}", m.Ticker, game.Away, game.Home, game.Date, game.YesTeam);
        }

        // link (or relink) every market not yet on its ESPN game; a new one is listed either way
        var board = kalshi.Espn.Enabled ? espn.Games : [];
        var listed = new List<Followed>();
        foreach (var f in _followed.Values.Where(f => !f.OnEspn).ToList())
        {
            var isNew = added.Contains(f.Market.Ticker);
            var link = kalshi.Espn.Enabled ? _linker.Link(f.Game.Ticker, board) : GameLinkResult.Refused("no game feed");
            if (link.Link is { } l)
            {
                var now = f with { GameId = l.ExternalGameId, OnEspn = true };
                _followed[f.Market.Ticker] = now;
                listed.Add(now);
                Log.Information("{Ticker} linked to ESPN game {Game} ({Away} at {Home})", f.Market.Ticker, l.ExternalGameId, l.AwayTeam, l.HomeTeam);
            }
            else
            {
                if (isNew) listed.Add(f);
                if (_unlinked.Add(f.Market.Ticker.Value))
                    Log.Warning("{Ticker} priced on its ticker's pregame game {Game} until ESPN shows it: {Reason}", f.Market.Ticker, f.GameId, link.Refusal);
            }
        }
        foreach (var f in listed)
        {
            var m = f.Market;
            // the first listing only: a relink is not on the tape, nor is a market of another venue (its stream is not recorded)
            if (Traded(f)) recording.Tape?.Listed(m.Ticker, m.EventTicker, m.Title, m.ExpectedExpiration, League, f.GameId);
            markets.Tell(new ListMarket(m.Platform, m.Ticker, m.EventTicker, m.SeriesTicker, m.Title, m.ExpectedExpiration, League, f.GameId) { YesTeam = f.Game.YesTeam });
        }
        if (listed.Count > 0)
        {
            // a market hears its game's state only once linked to it (subscribed to the game's topic)
            await Task.WhenAll(listed.Select(f => LinkedAsync(markets, f.Market, $"{League}/{f.GameId}", ct)));
            // a market linked after its ESPN game's last change hears the latest state now, not at the next change
            foreach (var gameId in listed.Where(f => f.OnEspn).Select(f => f.GameId).Distinct())
            {
                if (espn.Game(gameId) is { } latest) mediator.Tell(new Publish(Topics.Game(League, gameId), latest.State));
            }
        }

        // every followed market, every time (the feed ignores what it follows already): on a cluster the feed is a singleton,
        // and one that has just moved to another node learns them here
        // (the venue's markets only: a Polymarket token is followed by its own feed, PolymarketFeedService)
        if (TradedTickers().ToList() is { Count: > 0 } tickers) feed.Tell(new FollowMarkets(tickers));

        var at = TimeProvider.System.GetUtcNow();
        foreach (var f in _followed.Values.Where(f => !f.OnEspn).DistinctBy(f => f.GameId))
        {
            var game = f.Game;
            var state = new GameStateChanged(League, f.GameId, game.Home, game.Away, 0, 0, "Q1", "15:00", null, null, null, GameStatus.Pregame, at);
            recording.Tape?.Game(state);
            games.Tell(new UpdateGame(state)); // journaled once; repeats only confirm it is current
            // and told again on the game's topic: a market that joined after the first telling (or after a restart) hears it too
            mediator.Tell(new Publish(Topics.Game(League, f.GameId), state));
        }
    }

    /// <summary>
    /// A followed market the listing no longer shows open is read by itself: closed or settled, the market actor hears it
    /// as the stream's lifecycle event would have said (a lifecycle frame lost with a dropped or stalled connection is never
    /// sent again, and a position must not wait forever for a settlement it missed). Told once per status. So is every
    /// market the risk manager still holds an open position on: a node that was down when its market settled restarts
    /// with the market already gone from the open listing, so it never follows it again, and without this read its
    /// positions would stay open for good.
    /// </summary>
    private async Task EndedAsync(IActorRef markets, IReadOnlyList<ExchangeMarket> open, CancellationToken ct)
    {
        var paper = engine.Exchange as Precog.Exchanges.Paper.PaperExchange;
        if ((paper?.Venue ?? engine.Exchange) is not Precog.Exchanges.Kalshi.KalshiExchange kalshiExchange) return;
        var listed = open.Where(m => m.Status == MarketStatus.Open).Select(m => m.Ticker).ToHashSet();
        var candidates = TradedTickers().Concat(await HeldAsync(ct)).Concat(await KnownAsync(ct)).Distinct();
        foreach (var ticker in candidates.Where(t => !listed.Contains(t) && _ended.GetValueOrDefault(t) != MarketStatus.Settled).ToList())
        {
            ExchangeMarket market;
            try
            {
                market = await kalshiExchange.GetMarketAsync(ticker, ct);
            }
            catch (ExchangeException e)
            {
                Log.Warning("Kalshi market {Ticker} not read ({Reason}); trying again at the next listing", ticker, e.Message);
                continue;
            }
            if (market.Status == MarketStatus.Open || (_ended.TryGetValue(ticker, out var told) && told == market.Status)) continue;
            if (market.Status == MarketStatus.Settled && market.YesSettlement is null) continue; // settled without a payout read: not yet
            _ended[ticker] = market.Status;
            Log.Information("{Ticker} is {Status} at Kalshi (read by itself, not from the stream)", ticker, market.Status);
            var lifecycle = new MarketLifecycle(market.Platform, ticker, market.Status, market.YesSettlement, TimeProvider.System.GetUtcNow());
            if (paper?.Apply(lifecycle) is { } refused) Log.Warning("Paper market not ended: {Reason}", refused); // the simulator settles what the engine hears settled
            recording.Tape?.Market(lifecycle);
            markets.Tell(new ApplyMarketData(lifecycle));
        }
    }

    /// <summary>
    /// The markets of this venue the node's tables last showed unsettled, read once at start: one that settled while the
    /// node was down is no longer listed open, so without this read it would stay open in the tables for good.
    /// </summary>
    private async Task<IReadOnlyList<MarketTicker>> KnownAsync(CancellationToken ct)
    {
        if (_known is not null) return _known;
        try
        {
            var rows = await new Precog.Persistence.ReadModels.ProjectionQueries(node.Database).CurrentMarketsAsync(openOnly: false, ct);
            _known = rows.Where(m => m.Platform == engine.Exchange.Platform && m.Status != "settled").Select(m => new MarketTicker(m.Ticker)).ToList();
        }
        catch (System.Data.Common.DbException e)
        {
            Log.Warning("The node's markets not read from its tables ({Reason}): a market that settled while the node was down is checked only if a position is open on it", e.Message);
            _known = [];
        }
        return _known;
    }

    /// <summary>The markets of this venue the risk manager holds open positions on (none, logged, when it does not answer).</summary>
    private async Task<IReadOnlyList<MarketTicker>> HeldAsync(CancellationToken ct)
    {
        try
        {
            var risk = await registry.GetAsync<RiskManagerKey>(ct);
            var ledger = await risk.Ask<RiskLedger>(new GetRiskLedger(), TimeSpan.FromSeconds(5), ct);
            return ledger.Open.Values.Where(a => a.Platform == engine.Exchange.Platform).Select(a => a.Ticker).Distinct().ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Log.Warning("The risk manager's open positions not read ({Reason}): their markets are checked for settlement at the next listing", e.Message);
            return [];
        }
    }

    /// <summary>A market of the venue the node trades (not a Polymarket token followed for its price).</summary>
    private bool Traded(Followed f) => f.Market.Platform == engine.Exchange.Platform;

    /// <summary>The followed markets of the venue the node trades.</summary>
    private IEnumerable<MarketTicker> TradedTickers() => _followed.Values.Where(Traded).Select(f => f.Market.Ticker);

    private static async Task LinkedAsync(IActorRef markets, ExchangeMarket m, string game, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + LinkPatience;
        while (DateTime.UtcNow < deadline && !ct.IsCancellationRequested)
        {
            try
            {
                var view = await markets.Ask<MarketView>(new GetMarket(m.Platform, m.Ticker), TimeSpan.FromSeconds(5), ct);
                if (view.Game == game) return;
            }
            catch (AskTimeoutException)
            {
            }
            await Task.Delay(50, ct);
        }
    }
}
