namespace Precog.Exchanges.Kalshi;

/// <summary>Which of Kalshi's two buckets a call draws on: Write for order mutations, Read for everything else.</summary>
public enum KalshiBucket { Read, Write }

/// <summary>
/// A thread-safe token bucket on a <see cref="TimeProvider"/>: full at the start, refilled at <see cref="RefillPerSecond"/>
/// up to <see cref="Capacity"/>. Callers wait (on the same clock) for the tokens they need, first come first served.
/// </summary>
public sealed class KalshiTokenBucket
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private decimal _tokens;
    private DateTimeOffset _refilledAt;

    public KalshiTokenBucket(decimal capacity, decimal refillPerSecond, TimeProvider time)
    {
        if (capacity <= 0 || refillPerSecond <= 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), "a token bucket needs a positive capacity and refill rate");
        Capacity = capacity;
        RefillPerSecond = refillPerSecond;
        _time = time;
        _tokens = capacity;
        _refilledAt = time.GetUtcNow();
    }

    public decimal Capacity { get; }
    public decimal RefillPerSecond { get; }

    public decimal Tokens
    {
        get { lock (_gate) { Refill(); return _tokens; } }
    }

    /// <summary>
    /// Takes <paramref name="cost"/> tokens now, or reserves them and waits until the refill has paid for them. The
    /// reservation lets the balance go negative, so later callers queue behind this one instead of overtaking it.
    /// </summary>
    public async Task TakeAsync(decimal cost, CancellationToken ct)
    {
        if (cost > Capacity) throw new ArgumentOutOfRangeException(nameof(cost), cost, $"a call of {cost} tokens can never fit a bucket of {Capacity}");
        TimeSpan wait;
        lock (_gate)
        {
            Refill();
            _tokens -= cost;
            wait = _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(-_tokens / RefillPerSecond * TimeSpan.TicksPerSecond));
        }
        if (wait <= TimeSpan.Zero) return;
        try
        {
            await Task.Delay(wait, _time, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_gate) _tokens += cost; // a call given up gives its reservation back
            throw;
        }
    }

    private void Refill()
    {
        var now = _time.GetUtcNow();
        if (now <= _refilledAt) return;
        var seconds = (decimal)(now - _refilledAt).Ticks / TimeSpan.TicksPerSecond;
        _tokens = Math.Min(Capacity, _tokens + seconds * RefillPerSecond);
        _refilledAt = now;
    }
}

/// <summary>The account's two buckets sized for its tier, and what each call costs (PROTOCOLS.md §1.7).</summary>
public sealed class KalshiRateLimiter(KalshiTier tier, decimal bucketSeconds, TimeProvider time)
{
    public const decimal DefaultCost = 10m;
    public const decimal CreateV2Cost = 10m;
    public const decimal CreateLegacyCost = 100m;
    public const decimal CancelCost = 2m;
    public const decimal GetOrderCost = 2m;

    public KalshiTokenBucket Read { get; } = new(KalshiSettings.Budget(tier).Read * bucketSeconds, KalshiSettings.Budget(tier).Read, time);
    public KalshiTokenBucket Write { get; } = new(KalshiSettings.Budget(tier).Write * bucketSeconds, KalshiSettings.Budget(tier).Write, time);

    public Task TakeAsync(KalshiBucket bucket, decimal cost, CancellationToken ct) =>
        (bucket == KalshiBucket.Write ? Write : Read).TakeAsync(cost, ct);
}
