using System.Collections.Immutable;
using Precog.Actors.Breakers;
using Precog.Domain.Breakers;
using Precog.Domain.Risk;
using Precog.Domain.Values;

namespace Precog.Actors.Risk;

/// <summary>
/// How fresh a market's data is, as its MarketActor last reported (at most every few seconds while data arrives):
/// when its book last moved or was confirmed by the feed, when its game's state last arrived and whether the game
/// is live, whether it is an entry candidate (its latest pricing admitted a side), and whether the venue's stream
/// reported it stalled (no data at all) and has not resumed since.
/// </summary>
public sealed record MarketDataSeen(
    string Platform, MarketTicker Ticker, string? League, DateTimeOffset? PriceAt, DateTimeOffset? GameAt, bool GameLive, bool Candidate, bool StreamStalled = false);

/// <summary>
/// The data_stale breakers' input, per feed: a market's price comes from its platform's feed (scope = platform),
/// its game state from its league's feed (scope = league), as entry admission scopes them. A market is depended on
/// while a position holds it or it is a candidate; a feed's age is the oldest among the markets depending on it
/// (game states only while the game is live). A held market never heard of counts from when the watch began. A
/// depended-on market its stream reports stalled makes its platform's feed stale at once, whatever the ages say.
/// </summary>
public sealed record FeedWatch(ImmutableDictionary<(string Platform, MarketTicker Ticker), MarketDataSeen> Markets, DateTimeOffset Began)
{
    public static FeedWatch Start(DateTimeOffset at) => new(ImmutableDictionary<(string, MarketTicker), MarketDataSeen>.Empty, at);

    public FeedWatch Seen(MarketDataSeen m) => this with { Markets = Markets.SetItem((m.Platform, m.Ticker), m) };

    /// <summary>One observation per feed ever seen (a feed nothing depends on any more is told so, and closes).</summary>
    public IReadOnlyList<SignalBreaker> Observe(DateTimeOffset now, IEnumerable<EntryAdmitted> open)
    {
        var held = open.GroupBy(a => (a.Platform, a.Ticker)).ToDictionary(g => g.Key, g => g.First().League);
        var prices = new Dictionary<string, List<TimeSpan>>();
        var stalled = new HashSet<string>(StringComparer.Ordinal);
        var games = new Dictionary<string, List<TimeSpan>>();
        foreach (var key in Markets.Keys.Union(held.Keys))
        {
            var seen = Markets.GetValueOrDefault(key);
            var depended = held.ContainsKey(key) || seen?.Candidate == true;
            Ages(prices, key.Platform).AddRange(depended ? [now - (seen?.PriceAt ?? Began)] : []);
            if (depended && seen?.StreamStalled == true) stalled.Add(key.Platform);
            if ((seen?.League ?? held.GetValueOrDefault(key)) is { } league)
                Ages(games, league).AddRange(depended && seen?.GameLive == true ? [now - (seen.GameAt ?? Began)] : []);
        }
        return
        [
            .. prices.Select(p => new SignalBreaker(new BreakerId(BreakerKind.DataStale, p.Key),
                new FeedAgeObserved(now, p.Value.Count > 0 ? p.Value.Max() : null, null, p.Value.Count > 0, stalled.Contains(p.Key)))),
            .. games.Select(g => new SignalBreaker(new BreakerId(BreakerKind.DataStale, g.Key),
                new FeedAgeObserved(now, null, g.Value.Count > 0 ? g.Value.Max() : null, g.Value.Count > 0))),
        ];
    }

    private static List<TimeSpan> Ages(Dictionary<string, List<TimeSpan>> by, string scope) =>
        by.TryGetValue(scope, out var ages) ? ages : by[scope] = [];
}
