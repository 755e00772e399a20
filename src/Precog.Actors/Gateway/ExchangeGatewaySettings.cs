namespace Precog.Actors.Gateway;

/// <summary>
/// How one exchange gateway calls its venue. The defaults fit Kalshi's Basic tier (PROTOCOLS.md §1.7):
/// 200 read and 100 write tokens a second, a bucket holding one second of budget, a create costing 10
/// tokens, a cancel 2, a get-order 2 and any other read 10.
/// </summary>
public sealed record ExchangeGatewaySettings
{
    public static readonly ExchangeGatewaySettings Default = new();

    /// <summary>Calls made for one step of a command, the first included, while the venue is unavailable or rate limiting (default 5).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry; it doubles per retry up to <see cref="BackoffMax"/> (default 250 ms).</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between retries (default 10 s). Each wait is jittered to between half and all of it.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Seeds the jitter, so that a run with the same seed retries at the same times (default 0).</summary>
    public int JitterSeed { get; init; }

    /// <summary>How long one call may take before its outcome is taken as unknown (default 10 s).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the orders that still rest are asked for new fills (default 2 s).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The read bucket: order queries, fills, balance, positions (default Basic: 200 tokens, 200 a second).</summary>
    public TokenBucketSettings Read { get; init; } = new(Capacity: 200, RefillPerSecond: 200);

    /// <summary>The write bucket: place and cancel (default Basic: 100 tokens, 100 a second).</summary>
    public TokenBucketSettings Write { get; init; } = new(Capacity: 100, RefillPerSecond: 100);

    /// <summary>Tokens a place costs from the write bucket (Kalshi V2 create: 10).</summary>
    public int PlaceCost { get; init; } = 10;

    /// <summary>Tokens a cancel costs from the write bucket (Kalshi: 2).</summary>
    public int CancelCost { get; init; } = 2;

    /// <summary>Tokens a get-order costs from the read bucket (Kalshi: 2).</summary>
    public int GetOrderCost { get; init; } = 2;

    /// <summary>Tokens any other read costs (fills, positions; Kalshi's default: 10).</summary>
    public int ReadCost { get; init; } = 10;

    /// <summary>The first wait before a crashed gateway is started again by its backoff supervisor (default 1 s).</summary>
    public TimeSpan RestartMinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait before a gateway that keeps crashing is started again (default 30 s); the wait doubles per crash up to it.</summary>
    public TimeSpan RestartMaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Random share added to each restart wait, so that gateways of several accounts do not restart in step (default 0.2).</summary>
    public double RestartRandomFactor { get; init; } = 0.2;

    /// <summary>How often the venue's holdings and resting orders are reconciled with the engine's, after the one at start (default 1 min).</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after a first mismatch it is checked again before it counts (default 10 s): a fill the venue has made and the gateway's
    /// poll has not yet reported is a difference of a moment, not a disagreement. Zero counts the first mismatch.
    /// </summary>
    public TimeSpan ReconcileConfirmAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one reconciliation may take to gather the engine's and the venue's views before it is given up as inconclusive (default 30 s).</summary>
    public TimeSpan ReconcileTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A difference of holdings smaller than this many contracts is dust, not a mismatch (default 0.01).</summary>
    public decimal ReconcileDust { get; init; } = 0.01m;

    /// <summary>Refuses settings under which a call could never run or never end.</summary>
    public ExchangeGatewaySettings Validated()
    {
        if (MaxAttempts < 1) throw new ArgumentException($"MaxAttempts must be at least 1, is {MaxAttempts}");
        if (BackoffBase <= TimeSpan.Zero || BackoffMax < BackoffBase) throw new ArgumentException($"backoff must be 0 < base ({BackoffBase}) <= max ({BackoffMax})");
        if (CallTimeout <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero) throw new ArgumentException("CallTimeout and PollInterval must be positive");
        if (new[] { PlaceCost, CancelCost, GetOrderCost, ReadCost }.Any(c => c < 0)) throw new ArgumentException("call costs must not be negative");
        // a call costing more than its bucket holds would wait forever
        if (Math.Max(PlaceCost, CancelCost) > Write.Capacity) throw new ArgumentException($"the write bucket ({Write.Capacity}) cannot hold one call");
        if (Math.Max(GetOrderCost, ReadCost) > Read.Capacity) throw new ArgumentException($"the read bucket ({Read.Capacity}) cannot hold one call");
        if (RestartMinBackoff <= TimeSpan.Zero || RestartMaxBackoff < RestartMinBackoff)
            throw new ArgumentException($"restart backoff must be 0 < min ({RestartMinBackoff}) <= max ({RestartMaxBackoff})");
        if (RestartRandomFactor is < 0 or > 1) throw new ArgumentException($"RestartRandomFactor must be in [0, 1], is {RestartRandomFactor}");
        if (ReconcileInterval <= TimeSpan.Zero || ReconcileTimeout <= TimeSpan.Zero || ReconcileConfirmAfter < TimeSpan.Zero)
            throw new ArgumentException("ReconcileInterval and ReconcileTimeout must be positive, ReconcileConfirmAfter not negative");
        if (ReconcileDust < 0) throw new ArgumentException($"ReconcileDust must not be negative, is {ReconcileDust}");
        if (Read.RefillPerSecond <= 0 || Write.RefillPerSecond <= 0) throw new ArgumentException("buckets must refill");
        return this;
    }
}

/// <summary>A token bucket's size and how fast it refills.</summary>
public sealed record TokenBucketSettings(decimal Capacity, decimal RefillPerSecond);
