namespace Precog.Domain.Breakers;

/// <summary>What an open (or half-open) breaker does to trading, as data.</summary>
/// <param name="BlocksEntries">No new position may open (within the breaker's scope).</param>
/// <param name="ForcesCriticalExit">Every position exits at CRITICAL priority.</param>
/// <param name="CancelsRestingOrders">Every resting order is cancelled.</param>
/// <param name="StopsNewOrders">Nothing new is sent to the exchange, exits included (resting ones stay unless cancelled).</param>
public sealed record BreakerEffects(bool BlocksEntries, bool ForcesCriticalExit, bool CancelsRestingOrders, bool StopsNewOrders)
{
    public static BreakerEffects Of(BreakerKind kind) => kind switch
    {
        BreakerKind.DailyLossLimit => new(true, true, false, false),
        BreakerKind.Persistence => new(true, false, false, true),
        BreakerKind.Manual => new(true, false, true, true),
        _ => new(true, false, false, false),
    };
}

/// <summary>Where an entry would trade: the exchange it goes to and the feeds its market depends on.</summary>
public sealed record EntryScope(string Exchange, IReadOnlySet<string> Feeds);

/// <summary>Entry admission as a local read of the breakers' published states.</summary>
public static class BreakerAdmission
{
    /// <summary>
    /// The tripped breakers that block an entry in <paramref name="scope"/>: global ones always,
    /// api_failures for its exchange, data_stale for the feeds the market depends on.
    /// </summary>
    public static IReadOnlyList<BreakerId> Blocking(IEnumerable<BreakerState> breakers, EntryScope scope) =>
        breakers.Where(b => b.IsTripped && Effects(b).BlocksEntries && Applies(b.Id, scope)).Select(b => b.Id).ToList();

    /// <summary>True when any tripped breaker forces every position out at CRITICAL.</summary>
    public static bool ForcesCriticalExit(IEnumerable<BreakerState> breakers) =>
        breakers.Any(b => b.IsTripped && Effects(b).ForcesCriticalExit);

    /// <summary>True when nothing new may be sent to any exchange.</summary>
    public static bool StopsNewOrders(IEnumerable<BreakerState> breakers) =>
        breakers.Any(b => b.IsTripped && Effects(b).StopsNewOrders);

    private static BreakerEffects Effects(BreakerState b) => BreakerEffects.Of(b.Id.Kind);

    private static bool Applies(BreakerId id, EntryScope scope) => id.Kind switch
    {
        BreakerKind.ApiFailures => id.Scope == scope.Exchange,
        BreakerKind.DataStale => scope.Feeds.Contains(id.Scope),
        _ => true,
    };
}
