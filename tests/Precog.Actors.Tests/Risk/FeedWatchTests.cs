using Precog.Actors.Breakers;
using Precog.Actors.Risk;
using Precog.Domain.Breakers;
using Precog.Domain.Values;

namespace Precog.Actors.Tests.Risk;

/// <summary>The data_stale breakers' input: a stalled stream under a depended-on market makes its platform's feed stale.</summary>
public sealed class FeedWatchTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 4, 18, 0, 0, TimeSpan.Zero);
    private static readonly MarketTicker Kc = new("KXNFLGAME-26JAN04CARKC-KC");

    private static FeedAgeObserved Price(IReadOnlyList<SignalBreaker> signals) =>
        (FeedAgeObserved)signals.Single(s => s.Id == new BreakerId(BreakerKind.DataStale, "kalshi")).Signal;

    [Fact]
    public void A_candidate_whose_stream_stalled_makes_its_platform_stale_at_once_and_its_fresh_snapshot_clears_it()
    {
        var watch = FeedWatch.Start(T0).Seen(new MarketDataSeen("kalshi", Kc, "nfl", T0, T0, false, Candidate: true, StreamStalled: true));
        var stalled = Price(watch.Observe(T0.AddSeconds(1), []));
        Assert.True(stalled.Depended);
        Assert.True(stalled.StreamStalled);
        Assert.Equal(TimeSpan.FromSeconds(1), stalled.PriceAge); // young data: only the stall says it is stale

        var resumed = Price(watch.Seen(new MarketDataSeen("kalshi", Kc, "nfl", T0.AddSeconds(2), T0, false, Candidate: true)).Observe(T0.AddSeconds(2), []));
        Assert.False(resumed.StreamStalled);
    }

    [Fact]
    public void A_stall_under_a_market_nothing_depends_on_is_not_reported_as_stale()
    {
        var watch = FeedWatch.Start(T0).Seen(new MarketDataSeen("kalshi", Kc, "nfl", T0, T0, false, Candidate: false, StreamStalled: true));
        var observed = Price(watch.Observe(T0.AddSeconds(1), []));
        Assert.False(observed.Depended);
        Assert.False(observed.StreamStalled);
    }
}
