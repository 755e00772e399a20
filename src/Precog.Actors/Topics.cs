namespace Precog.Actors;

/// <summary>
/// The publish/subscribe topics of the engine (Akka's DistributedPubSub), so that whoever needs a fact reads it
/// locally instead of asking: quotes of a market, a game's state, breaker states, alerts.
/// </summary>
public static class Topics
{
    public static string Market(string platform, string ticker) => $"market:{platform}:{ticker}";

    public static string Game(string league, string externalGameId) => $"game:{league}:{externalGameId}";

    /// <summary>Every breaker's state changes, for the local breaker views that admission reads.</summary>
    public const string Breakers = "breakers";

    /// <summary>Where a board that just subscribed asks every breaker for its current state (late joiners).</summary>
    public const string BreakerRequests = "breakers:requests";

    public const string Alerts = "alerts";

    /// <summary>The catalog's strategy statuses (<see cref="Catalog.StrategyStatuses"/>), whole each time: what admission reads to refuse a retired version.</summary>
    public const string StrategyStatuses = "strategies";

    /// <summary>Where an admission that just subscribed asks the catalogs for the statuses (late joiners).</summary>
    public const string StrategyStatusRequests = "strategies:requests";
}
