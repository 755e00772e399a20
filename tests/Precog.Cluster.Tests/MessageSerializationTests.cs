using Precog.Domain.Risk;
using Precog.Actors.Risk;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Precog.Actors.Breakers;
using Precog.Actors.Catalog;
using Precog.Actors.Games;
using Precog.Actors.Gateway;
using Precog.Actors.Hosting;
using Precog.Actors.Markets;
using Precog.Actors.Positions;
using Precog.Actors.Serialization;
using Precog.Domain;
using Precog.Domain.Breakers;
using Precog.Domain.Entry;
using Precog.Domain.Exits;
using Precog.Domain.Games;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Domain.Versions;
using Precog.Exchanges;
using Precog.Persistence.Journal;
using Precog.Persistence.Serialization;

namespace Precog.Cluster.Tests;

/// <summary>
/// Every message that crosses nodes goes through Precog's serializers, never Akka's default: on an actor system
/// configured as a cluster node is, each message type the sharding extractors route, each singleton command and
/// answer and each published notice is bound to <see cref="MessageSerializer"/> (events to <see cref="PrecogSerializer"/>),
/// reads back equal, and anything else is refused by the tripwire instead of leaving in Newtonsoft's format.
/// </summary>
public sealed class MessageSerializationTests(ClusterNodeSystem node) : IClassFixture<ClusterNodeSystem>
{
    private readonly ActorSystem _system = node.System;

    private static readonly Assembly[] Ours = [typeof(PrecogEngine).Assembly, typeof(IPrecogMessage).Assembly, typeof(MarketDataEvent).Assembly];

    /// <summary>The types that cross nodes by construction: whatever a shard region routes, what the gateway and its positions exchange, every signal and stream event.</summary>
    public static TheoryData<Type> CrossingTypes()
    {
        var data = new TheoryData<Type>();
        Type[] roots = [typeof(IPositionMessage), typeof(IMarketMessage), typeof(IOrderAnswer), typeof(IGatewayCommand), typeof(BreakerSignal), typeof(MarketDataEvent)];
        foreach (var t in Ours.SelectMany(a => a.GetTypes()).Where(t => t is { IsAbstract: false, IsInterface: false, IsPublic: true } && roots.Any(r => r.IsAssignableFrom(t))))
            data.Add(t);
        foreach (var t in new[] { typeof(UpdateGame), typeof(GetGame), typeof(SignalBreaker), typeof(GetBreakerState), typeof(BreakerStateChanged), typeof(QuoteUpdated),
                     typeof(MarketStatusNotice), typeof(MarketSettledNotice), typeof(EntrySignal), typeof(ResyncMarket), typeof(Precog.Actors.Risk.PositionEnded),
                     typeof(Precog.Actors.Risk.PositionMarked), typeof(Precog.Actors.Risk.MarketDataSeen), typeof(ReportBreakerState), typeof(GameStateConfirmed) })
            data.Add(t);
        return data;
    }

    [Theory]
    [MemberData(nameof(CrossingTypes))]
    public void A_message_that_crosses_nodes_is_bound_to_the_message_serializer(Type type)
    {
        var serializer = _system.Serialization.FindSerializerForType(type);
        Assert.True(serializer is MessageSerializer, $"{type.FullName} would cross nodes with {serializer.GetType().Name}: add it to MessageCatalog");
    }

    [Fact]
    public void Every_event_is_bound_to_the_event_serializer_and_nothing_of_ours_falls_to_the_default()
    {
        foreach (var t in EventCatalog.Types) Assert.IsType<PrecogSerializer>(_system.Serialization.FindSerializerForType(t));
        // the catalog names no type twice across the two serializers
        Assert.Empty(MessageCatalog.Types.Intersect(EventCatalog.Types));
        Assert.IsType<TripwireSerializer>(_system.Serialization.FindSerializerForType(typeof(NotAMessage)));
    }

    [Fact]
    public void Messages_read_back_equal_through_the_serializer_with_their_manifests()
    {
        var position = new PositionId(Guid.Parse("5b0c2f0e-6a55-4e0c-9f11-2d7f3b9a0c11"));
        var order = new ClientOrderId(Guid.Parse("0e9d1c2b-3a4f-4b5c-8d6e-7f8091a2b3c4"));
        var ticker = new MarketTicker("KXNFLGAME-26JAN04CARKC-KC");
        var at = new DateTimeOffset(2026, 1, 4, 18, 0, 0, TimeSpan.Zero);
        var probe = _system.ActorOf(Props.Empty, "probe");
        object[] messages =
        [
            new OpenPosition(position, "kalshi", ticker, Side.Yes, new Quantity(40), new Price(0.6m), "nfl_value v1.0", "nfl_elo_ingame v1.0", null, ConfidenceTier.High),
            new PlaceOrder(position, new OrderRequest(order, "kalshi", ticker, Side.Yes, OrderAction.Sell, new Quantity(40), new Price(0.71m), TimeInForce.ImmediateOrCancel)),
            new OrderReport(position, new VenueOrder("ord-1", order, VenueOrderStatus.Executed, [new VenueFill("t-1", "ord-1", new Quantity(40), new Price(0.71m), Side.No, new Money(0.58m), true, at)])),
            new OrderNotFound(position, order),
            new ApplyMarketData(new BookSnapshot("kalshi", ticker, new OrderBook(ticker, [new BookLevel(new Price(0.58m), new Quantity(500))], [new BookLevel(new Price(0.4m), new Quantity(300))], at), 7, at)),
            new ApplyMarketData(new BookDelta("kalshi", ticker, Side.No, new Price(0.4m), -20, 8, at)),
            new SignalBreaker(new BreakerId(BreakerKind.ApiFailures, "kalshi"), new ApiCallFailed(at, "500 from the venue")),
            new UpdateGame(new GameStateChanged("nfl", "401772950", "KC", "CAR", 3, 21, "Q4", "2:00", "CAR", 1, 10, GameStatus.Live, at)),
            new QuoteUpdated("kalshi", ticker, new Price(0.58m), new Price(0.6m), new Price(0.4m), new Price(0.42m), new Quantity(500), new Quantity(300), at),
            new ReportBreakerState(probe),
            new Reconcile(new Dictionary<MarketTicker, (Side, Quantity)> { [ticker] = (Side.Yes, new Quantity(40)) })
            {
                ExpectedOrders = new HashSet<ClientOrderId> { order },
                ExpectedFills = [new PositionFills(position, ticker, at, new HashSet<ClientOrderId> { order }, new HashSet<string> { "t-1" })],
            },
            PositionRecord.Empty
                .Apply(new PositionOpened(position, "kalshi", ticker, Side.Yes, new Quantity(40), new Price(0.6m), "nfl_value v1.0", "nfl_elo_ingame v1.0", null,
                    ConfidenceTier.High, TrailingStopSettings.Default, at))
                .Apply(new EntryOrderPlanned(position, order, new Quantity(40), new Price(0.6m), at))
                .Apply(new FillRecorded(position, order, "ord-1", "t-1", OrderAction.Buy, new Quantity(40), new Price(0.6m), new Money(0.58m), true, at)),
            new ResyncMarket("kalshi", ticker),
            // a Polymarket token's listing carries its YES team (its ticker, a token id, names none)
            new ListMarket("polymarket", new MarketTicker("7132104567925221"), "7132104567925221", null, "CAR at KC: KC", null, "nfl", "KXNFLGAME-26JAN04CARKC") { YesTeam = "KC" },
            new StrategyStatuses(new Dictionary<string, VersionStatus> { ["nfl_value v1.0"] = VersionStatus.Deprecated, ["nfl_value v1.1"] = VersionStatus.Active }),
            new ReportStrategyStatuses(probe),
            new GetBreakerBoard(),
            new BreakerBoard(ImmutableDictionary<BreakerId, BreakerState>.Empty
                .Add(new BreakerId(BreakerKind.DataStale, "nfl"), BreakerState.Closed(new BreakerId(BreakerKind.DataStale, "nfl")) with { Status = BreakerStatus.Open, Since = at, Reason = "tripped by operator" })
                .Add(new BreakerId(BreakerKind.ApiFailures, "kalshi"), BreakerState.Closed(new BreakerId(BreakerKind.ApiFailures, "kalshi")))),
            new GetRiskLedger(),
            new RiskLedger(ImmutableDictionary<PositionId, EntryAdmitted>.Empty.Add(position,
                    new EntryAdmitted(position, "kalshi", ticker, Side.Yes, new Quantity(40), new Price(0.6m), new Money(24m), "nfl_value v1.0", "nfl", "401772950", at)),
                ImmutableDictionary<string, DateTimeOffset>.Empty.Add($"kalshi|{ticker}", at), new Money(10000m)),
        ];
        foreach (var message in messages)
        {
            var serializer = Assert.IsAssignableFrom<Akka.Serialization.SerializerWithStringManifest>(_system.Serialization.FindSerializerFor(message));
            var manifest = serializer.Manifest(message);
            Assert.DoesNotContain("Precog.", manifest, StringComparison.Ordinal); // a manifest of ours, never a CLR type name
            var back = serializer.FromBinary(serializer.ToBinary(message), manifest);
            Assert.Equal(Describe(message), Describe(back));
        }
    }

    [Fact]
    public void A_type_without_a_manifest_is_refused_by_name_instead_of_crossing_in_the_default_format()
    {
        var serializer = _system.Serialization.FindSerializerFor(new NotAMessage(1));
        var e = Assert.Throws<SerializationException>(() => serializer.ToBinary(new NotAMessage(1)));
        Assert.Contains(TripwireSerializer.Refusal, e.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(NotAMessage), e.Message, StringComparison.Ordinal);
    }

    /// <summary>Records compare collections by reference: their JSON in the journal's shape says whether two are the same.</summary>
    private string Describe(object message) => System.Text.Json.JsonSerializer.Serialize(message, message.GetType(), MessageSerializer.Options((ExtendedActorSystem)_system));

    public sealed record NotAMessage(int N);
}

/// <summary>An actor system with a cluster node's serialization settings (it never joins anything): one for the whole class.</summary>
public sealed class ClusterNodeSystem : IDisposable
{
    public ActorSystem System { get; } = ActorSystem.Create("precog", ConfigurationFactory.ParseString(MessageCatalog.Hocon())
        .WithFallback(JournalConfig.Serialization)
        .WithFallback(ConfigurationFactory.ParseString(PrecogEngine.ClusterHocon.Value))
        .WithFallback(ConfigurationFactory.ParseString("akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0\nakka.remote.dot-netty.tcp.hostname = 127.0.0.1")));

    public void Dispose() => System.Terminate().Wait(TimeSpan.FromSeconds(10));
}
