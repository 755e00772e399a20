using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Precog.Actors.Alerts;
using Precog.Actors.Breakers;
using Precog.Actors.Catalog;
using Precog.Actors.Feeds;
using Precog.Actors.Games;
using Precog.Actors.Gateway;
using Precog.Actors.Markets;
using Precog.Actors.Positions;
using Precog.Actors.Risk;
using Precog.Actors.Serialization;
using Precog.Domain;
using Precog.Domain.Alerts;
using Precog.Domain.Breakers;
using Precog.Domain.Fees;
using Precog.Domain.Models;
using Precog.Domain.Strategies;
using Precog.Domain.Values;
using Precog.Exchanges;

namespace Precog.Actors.Hosting;

// Keys of the ActorRegistry: how the host and the entities find each other.
public sealed class MarketRegion;
public sealed class GameRegion;
public sealed class PositionRegion;
public sealed class BreakerRegion;
public sealed class RiskManagerKey;
public sealed class GatewayKey;
public sealed class ReconcilerKey;
public sealed class AlertRouterKey;
public sealed class FeedKey;
public sealed class CatalogKey;
public sealed class NoticesKey;

/// <summary>Everything the engine is composed from on one node: the rules, the versions, the venue and its stream.</summary>
public sealed record EngineOptions(
    string Node, TimeProvider Time, TradingSettings Settings, IReadOnlyList<StrategyDefinition> Strategies, NflWinModel Model, int ModelSampleSize,
    IExchange Exchange, IMarketDataStream Stream, Money Bankroll, IReadOnlyList<IAlertChannel> AlertChannels)
{
    public ExchangeGatewaySettings Gateway { get; init; } = ExchangeGatewaySettings.Default;
    public string Hostname { get; init; } = "127.0.0.1";
    public int Port { get; init; }

    /// <summary>Where position ids come from (fresh random UUIDs unless a simulated day seeds them).</summary>
    public Func<PositionId> NewPositionId { get; init; } = PositionId.New;

    /// <summary>Where client order ids come from (fresh random UUIDs unless a simulated day seeds them).</summary>
    public Func<ClientOrderId> NewOrderId { get; init; } = ClientOrderId.New;

    /// <summary>
    /// Other model versions, by label (<see cref="StrategyDefinition.Model"/>): a strategy whose model is one of these prices with it,
    /// every other with <see cref="Model"/> (a backtest comparing two model versions in one run).
    /// </summary>
    public IReadOnlyDictionary<string, NflWinModel>? Models { get; init; }

    /// <summary>An A/B test by split between two of <see cref="Strategies"/> (a backtest's `--ab split`); none: side by side.</summary>
    public Precog.Domain.Experiments.AbSplit? Split { get; init; }

    /// <summary>The cluster this node joins; null: a single node that is its own cluster, every part on it.</summary>
    public ClusterNode? Cluster { get; init; }
}

/// <summary>
/// A node of a cluster (README "Scale out"): the seeds it joins through (itself first on the first node), its roles
/// (trading: the sharded entities and the risk manager; gateway: the exchange gateways and reconcilers; feeds: the
/// venue's stream, a singleton among the feeds nodes), and the host name the others reach it by, when not the bound one.
/// </summary>
/// <param name="Discovery">Seeds found through Akka.Discovery at start instead of <paramref name="Seeds"/> (then empty).</param>
public sealed record ClusterNode(IReadOnlyList<string> Seeds, IReadOnlyList<string> Roles, string? PublicHostname = null, SeedDiscovery? Discovery = null)
{
    public const string Trading = "trading", Feeds = "feeds", Gateway = "gateway";

    public static readonly IReadOnlyList<string> AllRoles = [Trading, Feeds, Gateway];

    public bool Has(string role) => Roles.Contains(role);
}

/// <summary>
/// The engine's composition (DESIGN.md, "Actors"): markets, games, positions and breakers as sharded entities
/// (positions remembered through the event-sourced store, so a position is always being watched), the risk
/// manager, the exchange gateway (under a backoff supervisor) and its reconciler as cluster singletons, an alert router, a market feed and the version
/// catalog per node, and DistributedPubSub for quotes, games and breaker states. A single node joins itself.
/// </summary>
public static class PrecogEngine
{
    public static AkkaConfigurationBuilder WithPrecogEngine(this AkkaConfigurationBuilder builder, EngineOptions o)
    {
        var cluster = o.Cluster;
        var role = (string name) => cluster is null ? null : name; // a single node has every part, whatever its roles
        builder
            .WithRemoting(new RemoteOptions { HostName = o.Hostname, Port = o.Port, PublicHostName = cluster?.PublicHostname })
            .WithClustering(new ClusterOptions { Roles = cluster?.Roles.ToArray() ?? ["trading"], SeedNodes = cluster?.Seeds.ToArray() ?? [] })
            .WithDistributedPubSub(role: null!)
            // a market publishes its quotes whether or not a position listens: no listener is the normal case, not a dead letter
            .AddHocon("akka.cluster.pub-sub.send-to-dead-letters-when-no-subscribers = off", HoconAddMode.Prepend)
            .WithActors((system, registry) =>
                registry.Register<AlertRouterKey>(system.ActorOf(AlertRouter.Props(o.Node, o.AlertChannels, o.Settings.Alerts, o.Time), "alerts")));
        if (cluster?.Discovery is { } discovery)
            builder.AddHocon(discovery.Hocon, HoconAddMode.Prepend).AddStartup((system, _) => discovery.JoinWhenFound(system));
        if (cluster is null)
            builder.WithActors((system, registry) => registry.Register<CatalogKey>(system.ActorOf(VersionCatalog.Props(o.Time, DistributedPubSub.Get(system).Mediator), "version-catalog")));
        else
            builder
                .AddHocon(ClusterHocon.Value, HoconAddMode.Prepend)
                .AddHocon(MessageCatalog.Hocon(), HoconAddMode.Prepend)
                // one journal of versions for the whole cluster: its persistence id must have one writer
                .Singleton<CatalogKey>(cluster, "version-catalog", (system, _, _) => VersionCatalog.Props(o.Time, DistributedPubSub.Get(system).Mediator), role: null);
        builder
            .WithShardRegion<MarketRegion>("market", (system, registry, _) => id =>
            {
                var (platform, ticker) = EntityIds.ParseMarket(id);
                return MarketActor.Props(platform, ticker, new MarketEnvironment(o.Time, o.Settings, o.Strategies, o.Model, o.ModelSampleSize, Fees(o))
                {
                    Risk = registry.Get<RiskManagerKey>(), Publish = Publisher(system), Subscribe = Subscriber(system), Split = o.Split, Models = o.Models,
                });
            }, new MarketExtractor(), Options(role(ClusterNode.Trading)))
            .WithShardRegion<GameRegion>("game", (system, _, _) => id =>
            {
                var (league, game) = EntityIds.ParseGame(id);
                return GameActor.Props(league, game, Publisher(system));
            }, new GameExtractor(), Options(role(ClusterNode.Trading)))
            .WithShardRegion<PositionRegion>("position", (system, registry, _) => id =>
                PositionActor.Props(new PositionId(Guid.Parse(id)), new PositionEnvironment(registry.Get<GatewayKey>(), o.Time, o.Settings, o.NewOrderId)
                {
                    Subscribe = Subscriber(system), Notices = registry.Get<NoticesKey>(), Risk = registry.Get<RiskManagerKey>(),
                    Breakers = BreakerTopic.PubSub(DistributedPubSub.Get(system).Mediator),
                    Markets = registry.Get<MarketRegion>(), CatchUpQuotes = cluster is not null,
                }), new PositionExtractor(), Remembered(role(ClusterNode.Trading)))
            .WithShardRegion<BreakerRegion>("breaker", (system, registry, _) => id =>
                CircuitBreakerActor.Props(EntityIds.ParseBreaker(id), BreakerTopic.PubSub(DistributedPubSub.Get(system).Mediator), registry.Get<AlertRouterKey>(),
                    o.Settings.Breakers, o.Time), new BreakerExtractor(),
                // remembered: a breaker tripped before a restart comes back with its node and says so, asked or not
                Remembered(role(ClusterNode.Trading)))
            .WithActors((system, registry) =>
                registry.Register<NoticesKey>(system.ActorOf(Akka.Actor.Props.Create(() => new NoticeAdapter(registry.Get<AlertRouterKey>(), registry.Get<BreakerRegion>())), "notices")))
            .Singleton<RiskManagerKey>(cluster, "risk-manager", (system, registry, _) =>
                RiskManager.Props(new RiskEnvironment(o.Time, o.Settings, Fees(o), o.Bankroll, registry.Get<PositionRegion>(),
                    o.NewPositionId, new HashSet<string>(StringComparer.Ordinal) { o.Exchange.Platform }) // entries on the node's exchange only
                {
                    Breakers = registry.Get<BreakerRegion>(), BreakerTopic = BreakerTopic.PubSub(DistributedPubSub.Get(system).Mediator),
                    Mediator = DistributedPubSub.Get(system).Mediator,
                }), role(ClusterNode.Trading))
            .Singleton<GatewayKey>(cluster, $"gateway-{o.Exchange.Platform}", (_, registry, _) =>
                ExchangeGatewayActor.Supervised(o.Exchange, o.Time, o.Gateway, registry.Get<PositionRegion>(), registry.Get<NoticesKey>()),
                role(ClusterNode.Gateway))
            .Singleton<ReconcilerKey>(cluster, $"reconciler-{o.Exchange.Platform}", (_, registry, _) =>
                Reconciler.Props(o.Exchange.Platform, registry.Get<GatewayKey>(), registry.Get<RiskManagerKey>(), registry.Get<PositionRegion>(),
                    registry.Get<NoticesKey>(), o.Time, o.Gateway),
                role(ClusterNode.Gateway));
        if (cluster is null)
            builder
                .WithActors((system, registry) =>
                    registry.Register<FeedKey>(system.ActorOf(MarketFeed.Props(o.Stream, registry.Get<MarketRegion>(), o.Time), $"feed-{o.Stream.Platform}")))
                .AddStartup((system, _) =>
                {
                    var self = Cluster.Get(system);
                    if (self.Settings.SeedNodes.Count == 0) self.Join(self.SelfAddress); // a single node is its own cluster
                });
        else
            // one connection to the venue's stream for the whole cluster: each book's deltas must reach its market once
            builder.Singleton<FeedKey>(cluster, $"feed-{o.Stream.Platform}", (_, registry, _) => MarketFeed.Props(o.Stream, registry.Get<MarketRegion>(), o.Time),
                ClusterNode.Feeds);
        return builder;
    }

    /// <summary>
    /// A cluster singleton and its proxy where this node has the role (or none is asked), only the proxy where it has not:
    /// a singleton manager refuses to start on a node without its role. The registry's key names the proxy either way.
    /// </summary>
    public static AkkaConfigurationBuilder Singleton<TKey>(this AkkaConfigurationBuilder builder, ClusterNode? cluster, string name,
        Func<ActorSystem, IActorRegistry, Akka.DependencyInjection.IDependencyResolver, Props> props, string? role)
    {
        var options = new ClusterSingletonOptions { Role = role };
        return cluster is null || role is null || cluster.Has(role)
            ? builder.WithSingleton<TKey>(name, props, options, createProxyToo: true)
            : builder.WithSingletonProxy<TKey>(name, options);
    }

    /// <summary>hocon/cluster.conf, embedded: the split-brain resolver, sharding's stores, hand-over and leaving.</summary>
    public static readonly Lazy<string> ClusterHocon = new(() =>
    {
        using var stream = typeof(PrecogEngine).Assembly.GetManifestResourceStream("cluster.conf")
                           ?? throw new InvalidOperationException("cluster.conf is not embedded in Precog.Actors");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Markets, games and breakers hold live state (a book, a trip's timer): they are not passivated when idle.</summary>
    private static ShardOptions Options(string? role) => new()
    {
        StateStoreMode = StateStoreMode.DData, ShouldPassivateIdleEntities = false, Role = role, HandOffStopMessage = Time.HandOffStop.Instance,
    };

    /// <summary>Positions and breakers are remembered (event-sourced in the journal): a node that dies, its survivors start them again.</summary>
    private static ShardOptions Remembered(string? role) => new()
    {
        StateStoreMode = StateStoreMode.DData, RememberEntities = true, RememberEntitiesStore = RememberEntitiesStore.Eventsourced, Role = role,
        HandOffStopMessage = Time.HandOffStop.Instance,
    };

    private static IFeeModel Fees(EngineOptions o) => new KalshiFeeModel(o.Settings.Fees);

    private static Action<IActorContext, string, object> Publisher(ActorSystem system)
    {
        var mediator = DistributedPubSub.Get(system).Mediator;
        return (_, topic, message) => mediator.Tell(new Publish(topic, message));
    }

    private static Action<IActorContext, string> Subscriber(ActorSystem system)
    {
        var mediator = DistributedPubSub.Get(system).Mediator;
        return (context, topic) => mediator.Tell(new Subscribe(topic, context.Self), context.Self);
    }
}

/// <summary>
/// Turns the notices of the gateway and the positions into what their readers expect: API failures and
/// successes into signals of the exchange's api_failures breaker; gave-up exits and reconciliation mismatches
/// into alerts.
/// </summary>
public sealed class NoticeAdapter : ReceiveActor
{
    public NoticeAdapter(IActorRef alerts, IActorRef breakers)
    {
        Receive<ApiCallFailedNotice>(n => breakers.Tell(new SignalBreaker(new BreakerId(BreakerKind.ApiFailures, n.Platform), new ApiCallFailed(n.At, n.Reason))));
        Receive<ApiCallSucceededNotice>(n => breakers.Tell(new SignalBreaker(new BreakerId(BreakerKind.ApiFailures, n.Platform), new ApiCallSucceeded(n.At))));
        Receive<ExitGaveUpNotice>(n => alerts.Tell(new RaiseAlert("exit_gave_up", "position", AlertSeverity.High,
            $"position {n.Position} in {n.Ticker}: the {n.Condition} exit gave up with {n.Unsold} unsold: {n.Reason}", $"{n.Ticker}:{n.Condition}"), ActorRefs.NoSender));
        Receive<ReconciliationMismatch>(n => alerts.Tell(new RaiseAlert("reconciliation_mismatch", $"gateway-{n.Platform}", AlertSeverity.Critical,
            $"{n.Platform} positions disagree with Precog's: {string.Join("; ", n.Mismatches)}", string.Join(";", n.Mismatches)), ActorRefs.NoSender));
        // told with no sender: the router's AlertRecorded would otherwise come back here unhandled, one INFO line per alert
    }
}
