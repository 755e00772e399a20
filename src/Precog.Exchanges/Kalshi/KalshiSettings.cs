namespace Precog.Exchanges.Kalshi;

/// <summary>Kalshi's usage tiers (PROTOCOLS.md §1.7), each with its read and write budgets in tokens a second.</summary>
public enum KalshiTier { Basic, Advanced, Expert, Premier, Paragon, Prime, Prestige }

/// <summary>Which order-mutation endpoints to call: V2 (<c>/portfolio/events/orders</c>, YES terms) or the legacy ones.</summary>
public enum KalshiOrderApi { V2, Legacy }

/// <summary>
/// How to reach Kalshi. The private key is only ever named by its file (<see cref="KeyFile"/>), never given itself:
/// not here, not on a command line.
/// </summary>
/// <param name="BaseUrl">The REST base including <c>/trade-api/v2</c>: <see cref="DemoBaseUrl"/> or <see cref="ProdBaseUrl"/>.</param>
/// <param name="KeyId">The API key id (KALSHI-ACCESS-KEY).</param>
/// <param name="KeyFile">The PEM private key file, readable by its owner only.</param>
/// <param name="Tier">The account's usage tier: sets the token buckets.</param>
/// <param name="OrderApi">V2 first; <see cref="KalshiOrderApi.Legacy"/> to use the older endpoints from the start.
/// V2 falls back to legacy by itself when the V2 route is missing (404 without a Kalshi error body).</param>
/// <param name="MarketSeries">Series whose open markets <c>GetMarketsAsync</c> lists (all open markets when empty).</param>
/// <param name="CallTimeout">One HTTP attempt's limit; past it a GET is retried and an order is looked up by client order id.</param>
/// <param name="MaxAttempts">Attempts per call (1 = no retry), only ever for calls that are safe to repeat.</param>
/// <param name="BackoffBase">The first retry's delay, doubling per attempt, jittered to [½, 1] of it.</param>
/// <param name="BackoffMax">The longest delay between attempts.</param>
/// <param name="PageSize">Items per page when walking cursor pages (markets ≤ 1000, events ≤ 200, orders ≤ 200).</param>
/// <param name="BucketSeconds">Bucket capacity in seconds of budget (Kalshi: 1 to 2; 1 stays under it).</param>
public sealed record KalshiSettings(
    Uri BaseUrl,
    string KeyId,
    string KeyFile,
    KalshiTier Tier = KalshiTier.Basic,
    KalshiOrderApi OrderApi = KalshiOrderApi.V2,
    IReadOnlyList<string>? MarketSeries = null,
    TimeSpan? CallTimeout = null,
    int MaxAttempts = 3,
    TimeSpan? BackoffBase = null,
    TimeSpan? BackoffMax = null,
    int PageSize = 200,
    decimal BucketSeconds = 1m)
{
    public static readonly Uri DemoBaseUrl = new("https://external-api.demo.kalshi.co/trade-api/v2");
    public static readonly Uri ProdBaseUrl = new("https://external-api.kalshi.com/trade-api/v2");

    public const string Platform = "kalshi";

    public TimeSpan Timeout => CallTimeout ?? TimeSpan.FromSeconds(10);
    public TimeSpan FirstBackoff => BackoffBase ?? TimeSpan.FromMilliseconds(250);
    public TimeSpan LongestBackoff => BackoffMax ?? TimeSpan.FromSeconds(5);

    /// <summary>The demo environment (keys are not interchangeable with production).</summary>
    public static KalshiSettings Demo(string keyId, string keyFile, KalshiTier tier = KalshiTier.Basic) => new(DemoBaseUrl, keyId, keyFile, tier);

    public static KalshiSettings Production(string keyId, string keyFile, KalshiTier tier = KalshiTier.Basic) => new(ProdBaseUrl, keyId, keyFile, tier);

    /// <summary>Refuses settings that could never make a call, naming the value.</summary>
    public KalshiSettings Validated()
    {
        if (!BaseUrl.IsAbsoluteUri || BaseUrl.Scheme is not ("https" or "http"))
            throw new ArgumentException($"Kalshi base URL '{BaseUrl}' must be an absolute http(s) URL");
        if (!BaseUrl.AbsolutePath.TrimEnd('/').EndsWith("/trade-api/v2", StringComparison.Ordinal))
            throw new ArgumentException($"Kalshi base URL '{BaseUrl}' must end with /trade-api/v2 (it is part of what is signed)");
        ArgumentException.ThrowIfNullOrWhiteSpace(KeyId, nameof(KeyId));
        ArgumentException.ThrowIfNullOrWhiteSpace(KeyFile, nameof(KeyFile));
        if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "Kalshi MaxAttempts must be at least 1");
        if (PageSize is < 1 or > 200) throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, "Kalshi PageSize must lie in [1, 200]");
        if (Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(CallTimeout), Timeout, "Kalshi CallTimeout must be positive");
        if (FirstBackoff < TimeSpan.Zero || LongestBackoff < FirstBackoff)
            throw new ArgumentOutOfRangeException(nameof(BackoffBase), FirstBackoff, "Kalshi backoff needs 0 ≤ BackoffBase ≤ BackoffMax");
        if (BucketSeconds is < 1m or > 2m) throw new ArgumentOutOfRangeException(nameof(BucketSeconds), BucketSeconds, "Kalshi BucketSeconds must lie in [1, 2] (a legacy create costs a whole second of a Basic write budget)");
        return this;
    }

    /// <summary>Read and write budgets in tokens a second (PROTOCOLS.md §1.7).</summary>
    public static (decimal Read, decimal Write) Budget(KalshiTier tier) => tier switch
    {
        KalshiTier.Basic => (200m, 100m),
        KalshiTier.Advanced => (300m, 300m),
        KalshiTier.Expert => (600m, 600m),
        KalshiTier.Premier => (1000m, 1000m),
        KalshiTier.Paragon => (2000m, 2000m),
        KalshiTier.Prime => (4000m, 4000m),
        KalshiTier.Prestige => (10000m, 8000m),
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "unknown Kalshi tier"),
    };
}
