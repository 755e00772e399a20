using Akka.Cluster.Sharding;
using Precog.Actors.Breakers;
using Precog.Actors.Games;
using Precog.Actors.Gateway;
using Precog.Actors.Markets;
using Precog.Actors.Positions;
using Precog.Domain.Breakers;
using Precog.Domain.Values;

namespace Precog.Actors.Hosting;

/// <summary>Entity ids of the four sharded kinds, and their inverses for the entities' Props.</summary>
public static class EntityIds
{
    public static string Market(string platform, MarketTicker ticker) => $"{platform}|{ticker}";

    public static (string Platform, MarketTicker Ticker) ParseMarket(string id) => Split(id) is [var p, var t] ? (p, new MarketTicker(t)) : throw Bad("market", id);

    public static string Game(string league, string externalGameId) => $"{league}|{externalGameId}";

    public static (string League, string ExternalGameId) ParseGame(string id) => Split(id) is [var l, var g] ? (l, g) : throw Bad("game", id);

    public static string Breaker(BreakerId id) => $"{id.Kind.ToWire()}|{id.Scope}";

    public static BreakerId ParseBreaker(string id)
    {
        if (Split(id) is [var kind, var scope])
            foreach (var k in Enum.GetValues<BreakerKind>())
                if (k.ToWire() == kind) return new BreakerId(k, scope);
        throw Bad("breaker", id);
    }

    public static string Position(PositionId id) => id.ToString();

    private static string[] Split(string id) => id.Split('|', 2);

    private static ArgumentException Bad(string kind, string id) => new($"'{id}' is not a {kind} entity id");
}

/// <summary>Markets by platform + ticker.</summary>
public sealed class MarketExtractor(int shards = 30) : HashCodeMessageExtractor(shards)
{
    public override string? EntityId(object message) => message switch
    {
        IMarketMessage m => EntityIds.Market(m.Platform, m.Ticker),
        _ => null,
    };
}

/// <summary>Games by league + external id.</summary>
public sealed class GameExtractor(int shards = 30) : HashCodeMessageExtractor(shards)
{
    public override string? EntityId(object message) => message switch
    {
        UpdateGame u => EntityIds.Game(u.State.League, u.State.ExternalGameId),
        GetGame g => EntityIds.Game(g.League, g.ExternalGameId),
        _ => null,
    };
}

/// <summary>Positions by id: their commands and every answer of the gateway about their orders.</summary>
public sealed class PositionExtractor(int shards = 30) : HashCodeMessageExtractor(shards)
{
    public override string? EntityId(object message) => message switch
    {
        IPositionMessage p => EntityIds.Position(p.Position),
        IOrderAnswer a => EntityIds.Position(a.Position),
        _ => null,
    };
}

/// <summary>Breakers by kind + scope.</summary>
public sealed class BreakerExtractor(int shards = 10) : HashCodeMessageExtractor(shards)
{
    public override string? EntityId(object message) => message switch
    {
        SignalBreaker s => EntityIds.Breaker(s.Id),
        GetBreakerState g => EntityIds.Breaker(g.Id),
        _ => null,
    };
}
