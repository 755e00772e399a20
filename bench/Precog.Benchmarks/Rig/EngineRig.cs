using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Precog.Actors;
using Precog.Actors.Gateway;
using Precog.Actors.Markets;
using Precog.Actors.Positions;
using Precog.Domain;
using Precog.Domain.Entry;
using Precog.Domain.Fees;
using Precog.Domain.Games;
using Precog.Domain.Models;
using Precog.Domain.Models.Elo;
using Precog.Domain.Models.InGame;
using Precog.Domain.Strategies;
using Precog.Domain.Values;
using Precog.Exchanges;
using Precog.Persistence;
using Precog.Persistence.Journal;

namespace Precog.Benchmarks.Rig;

/// <summary>Where a rig journals: Akka's in-memory journal, a SQLite file, or a PostgreSQL database of its own.</summary>
public enum JournalProvider { InMemory, Sqlite, PostgreSql }

/// <summary>A journal for one scenario (a scratch PostgreSQL database or a temporary SQLite file), removed at the end.</summary>
public sealed class ScratchJournal : IAsyncDisposable
{
    private readonly ScratchDatabase? _postgres;
    private readonly string? _sqliteDir;

    private ScratchJournal(JournalProvider provider, Config config, DatabaseTarget? target, ScratchDatabase? postgres, string? sqliteDir)
    {
        Provider = provider;
        Config = config;
        Target = target;
        _postgres = postgres;
        _sqliteDir = sqliteDir;
    }

    public JournalProvider Provider { get; }
    public Config Config { get; }

    /// <summary>The database (null for the in-memory journal).</summary>
    public DatabaseTarget? Target { get; }

    public static string Name(JournalProvider p) => p switch
    {
        JournalProvider.InMemory => "inmem",
        JournalProvider.Sqlite => "sqlite",
        _ => "postgres",
    };

    public static async Task<ScratchJournal> CreateAsync(JournalProvider provider, BenchOptions o)
    {
        switch (provider)
        {
            case JournalProvider.InMemory:
                return new ScratchJournal(provider, ConfigurationFactory.ParseString("""
                    akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
                    akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
                    """).WithFallback(JournalConfig.Serialization), null, null, null);
            case JournalProvider.Sqlite:
                var dir = Path.Combine(Path.GetTempPath(), $"precog_bench_{Guid.NewGuid():N}");
                var sqlite = DatabaseTarget.Sqlite(Path.Combine(dir, "journal.db"));
                return new ScratchJournal(provider, JournalConfig.For(sqlite), sqlite, null, dir);
            default:
                var scratch = await ScratchDatabase.CreateAsync(o.AdminConnectionString);
                var pg = DatabaseTarget.Parse(scratch.ConnectionString);
                return new ScratchJournal(provider, JournalConfig.For(pg), pg, scratch, null);
        }
    }

    /// <summary>Rows in the journal whose persistence id starts with <paramref name="prefix"/> (null for the in-memory journal).</summary>
    public async Task<long?> CountAsync(string prefix)
    {
        if (Target is not { } t) return null;
        var sql = $"SELECT COUNT(*) FROM journal WHERE persistence_id LIKE '{prefix}%'";
        if (t.Provider == DatabaseProvider.PostgreSql) return await ScdWriterBench.CountAsync(t.ConnectionString, sql);
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection(t.ConnectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
        if (_sqliteDir is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_sqliteDir, recursive: true); }
            catch (IOException e) { Harness.Log($"could not remove {_sqliteDir}: {e.Message}"); }
        }
    }
}

/// <summary>
/// The engine's own market and position actors, composed by hand on one node without the Host (no sharding, no
/// singletons): MarketActor and PositionActor with the production settings, DistributedPubSub of a single-node
/// cluster for quotes (as PrecogEngine wires it), the real ExchangeGatewayActor in front of a venue that fills
/// every order at once (<see cref="BenchExchange"/>), and sinks for the risk manager and the notices. Sharding is
/// left out on purpose: it routes a message by one more hop and is not what these figures are about.
/// </summary>
public sealed class EngineRig : IAsyncDisposable
{
    public const string Platform = "kalshi";
    public static readonly IReadOnlyList<StrategyDefinition> Strategies =
    [
        new("nfl_value", "v1.0", NflWinModel.DefaultLabel, 0.05m),
        new("nfl_value", "v1.1", NflWinModel.DefaultLabel, 0.08m),
    ];

    private static readonly DateTimeOffset Epoch = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);

    private readonly IActorRef _mediator;
    private readonly IActorRef _router;
    private readonly MarketEnvironment _marketEnv;
    private readonly PositionEnvironment _positionEnv;
    private readonly Dictionary<MarketTicker, long> _seq = [];
    private readonly Dictionary<MarketTicker, bool> _up = [];
    private long _at;

    private EngineRig(ActorSystem system, BenchExchange exchange, IActorRef sink, IActorRef router, IActorRef gateway)
    {
        System = system;
        Exchange = exchange;
        _router = router;
        Gateway = gateway;
        _mediator = DistributedPubSub.Get(system).Mediator;
        var mediator = _mediator;
        Action<IActorContext, string, object> publish = (_, topic, message) => mediator.Tell(new Publish(topic, message));
        Action<IActorContext, string> subscribe = (context, topic) => mediator.Tell(new Subscribe(topic, context.Self), context.Self);
        var settings = TradingSettings.Default;
        var model = new NflWinModel(new Dictionary<string, double> { ["BUF"] = 1620, ["CIN"] = 1540 }, EloConfig.Nfl538, InGameConfig.Nfl);
        _marketEnv = new MarketEnvironment(TimeProvider.System, settings, Strategies, model, 1000, new KalshiFeeModel(settings.Fees))
        {
            Risk = sink, Publish = publish, Subscribe = subscribe,
        };
        _positionEnv = new PositionEnvironment(gateway, TimeProvider.System, settings, ClientOrderId.New)
        {
            Subscribe = subscribe, Notices = sink, Risk = sink,
        };
    }

    public ActorSystem System { get; }
    public BenchExchange Exchange { get; }
    public IActorRef Gateway { get; }
    public List<(MarketTicker Ticker, IActorRef Actor)> Markets { get; } = [];
    public List<(PositionId Id, MarketTicker Ticker, IActorRef Actor)> Positions { get; } = [];

    /// <summary>
    /// Starts a single-node cluster (for DistributedPubSub) journaling through <paramref name="journal"/>, and the
    /// gateway (its rate limits lifted: the venue's 10 orders/s would measure the limiter, not the engine).
    /// </summary>
    public static async Task<EngineRig> StartAsync(string name, Config journal)
    {
        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp.hostname = 127.0.0.1
            akka.remote.dot-netty.tcp.port = 0
            akka.cluster.pub-sub.send-to-dead-letters-when-no-subscribers = off
            """).WithFallback(journal);
        var system = ActorSystem.Create(name, config);
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(60));
        _ = DistributedPubSub.Get(system).Mediator;

        var exchange = new BenchExchange();
        var sink = system.ActorOf(Props.Create(() => new Sink()), "sink");
        var router = system.ActorOf(Props.Create(() => new PositionRouter()), "positions");
        var unlimited = new TokenBucketSettings(1_000_000_000m, 1_000_000_000m);
        var gateway = system.ActorOf(ExchangeGatewayActor.Props(exchange, TimeProvider.System,
            ExchangeGatewaySettings.Default with { Read = unlimited, Write = unlimited, ReconcileInterval = TimeSpan.FromHours(1) }, router), "gateway");
        await gateway.Ask<GatewayStatus>(GetGatewayStatus.Instance, TimeSpan.FromSeconds(60));
        return new EngineRig(system, exchange, sink, router, gateway);
    }

    public static MarketTicker Ticker(int game, bool home) => new($"KXNFLGAME-25DEC07G{game:D5}BUFCIN-{(home ? "BUF" : "CIN")}");

    private static string GameId(int game) => $"bench-{game:D5}";

    private DateTimeOffset NextAt() => Epoch.AddTicks(Interlocked.Increment(ref _at) * TimeSpan.TicksPerMillisecond);

    /// <summary>
    /// Lists <paramref name="markets"/> game markets (two per game, YES on each team), links each to its game, gives
    /// it the game's state and a book (YES bid 0.60, NO bid 0.39): every market then prices edges on each quote.
    /// </summary>
    public async Task AddMarketsAsync(int markets)
    {
        for (var i = Markets.Count; i < markets; i++)
        {
            var game = i / 2;
            var ticker = Ticker(game, home: i % 2 == 0);
            var actor = System.ActorOf(MarketActor.Props(Platform, ticker, _marketEnv));
            actor.Tell(new ListMarket(Platform, ticker, $"KXNFLGAME-25DEC07G{game:D5}BUFCIN", "KXNFLGAME", $"bench game {game}", null, "nfl", GameId(game)));
            actor.Tell(new GameStateChanged("nfl", GameId(game), "BUF", "CIN", 0, 0, "Q1", "15:00", null, null, null, GameStatus.Pregame, NextAt()));
            Markets.Add((ticker, actor));
        }
        foreach (var (ticker, actor) in Markets) actor.Tell(Snapshot(ticker, 0.60m));
        var views = await Task.WhenAll(Markets.Select(m => m.Actor.Ask<MarketView>(new GetMarket(Platform, m.Ticker), TimeSpan.FromMinutes(5))));
        var unpriced = views.Count(v => v.Quote is null || v.Edges.Count == 0);
        if (unpriced > 0) throw new InvalidOperationException($"{unpriced} of {views.Length} markets have no quote or no edges after their first book");
    }

    /// <summary>A full book: YES bid <paramref name="yesBid"/> (size 1,000), NO bid 0.39 (YES ask 0.61).</summary>
    public ApplyMarketData Snapshot(MarketTicker ticker, decimal yesBid)
    {
        _seq[ticker] = 1;
        _up[ticker] = false;
        return new ApplyMarketData(new BookSnapshot(Platform, ticker,
            new OrderBook(ticker, [new BookLevel(new Price(yesBid), new Quantity(1000))], [new BookLevel(new Price(0.39m), new Quantity(1000))], NextAt()), 1, NextAt()));
    }

    /// <summary>
    /// The next quote change of a market: a YES bid of 100 at 0.61 appears, or goes again (the top moves by a
    /// cent, so a position's mark moves, and the NO side's ask and edge move by a cent).
    /// </summary>
    public ApplyMarketData NextQuote(MarketTicker ticker)
    {
        var up = !_up[ticker];
        _up[ticker] = up;
        var seq = ++_seq[ticker];
        return new ApplyMarketData(new BookDelta(Platform, ticker, Side.Yes, new Price(0.61m), up ? 100 : -100, seq, NextAt()));
    }

    /// <summary>
    /// Opens <paramref name="perMarket"/> YES positions of 100 at 0.60 on each market: each persists its entry, the
    /// gateway places it, the venue fills it, the position records the fill and subscribes to its market's quotes.
    /// Returns when every position holds its 100 and has marked a quote.
    /// </summary>
    public async Task<List<(PositionId Id, MarketTicker Ticker, IActorRef Actor)>> OpenPositionsAsync(int perMarket)
    {
        var opened = new List<(PositionId Id, MarketTicker Ticker, IActorRef Actor)>();
        foreach (var (ticker, _) in Markets)
            for (var k = 0; k < perMarket; k++)
            {
                var id = PositionId.New();
                var actor = System.ActorOf(PositionActor.Props(id, _positionEnv), $"position-{id.Value:N}");
                _router.Tell(new PositionRouter.Register(id, actor));
                actor.Tell(new OpenPosition(id, Platform, ticker, Side.Yes, new Quantity(100), new Price(0.60m), Strategies[0].Label, NflWinModel.DefaultLabel, null,
                    ConfidenceTier.High));
                opened.Add((id, ticker, actor));
            }
        await Eventually(async () =>
        {
            var records = await Task.WhenAll(opened.Select(p => p.Actor.Ask<Actors.Positions.PositionRecord>(new GetPosition(p.Id), TimeSpan.FromMinutes(5))));
            return records.All(r => r.Entry is { Done: true } && r.Held.Value == 100);
        }, "every position's entry filled");
        Positions.AddRange(opened);
        // the subscriptions are asynchronous: quote every market until each new position has marked one
        await Eventually(async () =>
        {
            foreach (var (ticker, actor) in Markets) actor.Tell(NextQuote(ticker));
            await Task.Delay(50);
            var snaps = await Task.WhenAll(opened.Select(p => p.Actor.Ask<PositionSnapshot>(new GetPositionSnapshot(p.Id), TimeSpan.FromMinutes(5))));
            return snaps.All(s => s.LastQuote is not null);
        }, "every position marking its market's quotes");
        return opened;
    }

    /// <summary>Publishes a quote on a market's topic directly (no MarketActor): what a position hears of its market.</summary>
    public void PublishQuote(MarketTicker ticker, decimal yesBid) =>
        _mediator.Tell(new Publish(Topics.Market(Platform, ticker.Value), new QuoteUpdated(Platform, ticker, new Price(yesBid), new Price(0.61m), new Price(0.39m),
            new Price(1m - yesBid), new Quantity(1000), new Quantity(1000), NextAt())));

    /// <summary>Starts a position actor (it recovers from the journal) and registers it for the gateway's answers.</summary>
    public IActorRef StartPosition(PositionId id)
    {
        var actor = System.ActorOf(PositionActor.Props(id, _positionEnv), $"position-{id.Value:N}");
        _router.Tell(new PositionRouter.Register(id, actor));
        return actor;
    }

    /// <summary>
    /// Polls <paramref name="done"/> until it holds (10 minutes at most), pausing 20 ms after the first try and up to
    /// <paramref name="maxPause"/> ms (doubling) after later ones: how the harness waits for work it cannot be told of.
    /// </summary>
    public static async Task Eventually(Func<Task<bool>> done, string what, int maxPause = 250)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        var pause = 20;
        while (!await done())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"gave up waiting for {what}");
            await Task.Delay(pause);
            pause = Math.Min(maxPause, pause * 2);
        }
    }

    public async ValueTask DisposeAsync() => await System.Terminate();

    /// <summary>The risk manager and the notices: this rig judges no entries, trips no breakers.</summary>
    private sealed class Sink : ReceiveActor
    {
        public Sink() => ReceiveAny(_ => { });
    }

    /// <summary>Answers of the gateway to their positions (what the position shard region does on a node).</summary>
    public sealed class PositionRouter : ReceiveActor
    {
        public sealed record Register(PositionId Id, IActorRef Actor);

        private readonly Dictionary<PositionId, IActorRef> _positions = [];

        public PositionRouter()
        {
            Receive<Register>(r => _positions[r.Id] = r.Actor);
            Receive<IOrderAnswer>(a =>
            {
                if (_positions.TryGetValue(a.Position, out var p)) p.Forward(a);
            });
        }
    }
}
