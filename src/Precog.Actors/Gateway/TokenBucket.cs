namespace Precog.Actors.Gateway;

/// <summary>
/// A token bucket refilled by the clock it is shown: full at the start, <see cref="TokenBucketSettings.RefillPerSecond"/>
/// tokens a second up to its capacity. Not thread-safe: one actor owns it.
/// </summary>
public sealed class TokenBucket(TokenBucketSettings settings, DateTimeOffset now)
{
    private decimal _tokens = settings.Capacity;
    private DateTimeOffset _refilledAt = now;

    public decimal Tokens(DateTimeOffset now)
    {
        Refill(now);
        return _tokens;
    }

    /// <summary>Takes <paramref name="cost"/> tokens if the bucket holds them.</summary>
    public bool TryTake(decimal cost, DateTimeOffset now)
    {
        Refill(now);
        if (_tokens < cost) return false;
        _tokens -= cost;
        return true;
    }

    /// <summary>How long until the bucket holds <paramref name="cost"/> tokens (zero when it already does).</summary>
    public TimeSpan TimeUntil(decimal cost, DateTimeOffset now)
    {
        Refill(now);
        var missing = cost - _tokens;
        return missing <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(missing / settings.RefillPerSecond * TimeSpan.TicksPerSecond));
    }

    private void Refill(DateTimeOffset now)
    {
        if (now <= _refilledAt) return;
        var seconds = (decimal)(now - _refilledAt).Ticks / TimeSpan.TicksPerSecond;
        _tokens = Math.Min(settings.Capacity, _tokens + seconds * settings.RefillPerSecond);
        _refilledAt = now;
    }
}
