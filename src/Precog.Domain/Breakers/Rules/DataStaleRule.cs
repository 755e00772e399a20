namespace Precog.Domain.Breakers.Rules;

/// <summary>
/// Per feed: opens when a depended-on price is older than 120 s or game state older than 60 s, or when the feed's stream
/// reports a depended-on market stalled; closes when fresh data returns.
/// </summary>
public sealed class DataStaleRule : IBreakerRule
{
    public BreakerKind Kind => BreakerKind.DataStale;

    public BreakerDecision Decide(BreakerState s, BreakerSignal signal, BreakerSettings settings)
    {
        if (signal is not FeedAgeObserved o) return Move.Stay(s);
        var stale = !o.Depended ? null
            : o.StreamStalled ? "the stream is stalled: no data arrives"
            : o.PriceAge > settings.PriceMaxAge ? $"price {o.PriceAge.Value.TotalSeconds:0} s old (limit {settings.PriceMaxAge.TotalSeconds:0} s)"
            : o.GameStateAge > settings.GameStateMaxAge ? $"game state {o.GameStateAge.Value.TotalSeconds:0} s old (limit {settings.GameStateMaxAge.TotalSeconds:0} s)"
            : null;
        return stale is not null
            ? Move.To(s, BreakerStatus.Open, o.At, stale)
            : Move.To(s, BreakerStatus.Closed, o.At, o.Depended ? "fresh data returned" : "nothing depends on the feed");
    }
}
