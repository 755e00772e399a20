using System.Security.Cryptography;
using Precog.Domain.Fees;

namespace Precog.Testing.FakeKalshi;

/// <summary>How a fake Kalshi starts.</summary>
/// <param name="PublicKey">Verifies every signed request (the PEM of the client's public key, or its private key, whose public half is used).</param>
/// <param name="KeyId">The KALSHI-ACCESS-KEY it expects.</param>
/// <param name="Time">Its clock: signatures are stale beyond <paramref name="AllowedSkew"/> of it; its token buckets and latencies run on it.</param>
/// <param name="AllowedSkew">How far a request's timestamp may stray from the fake's clock (Kalshi does not document it; 30 s).</param>
/// <param name="V2Orders">False makes the V2 order routes missing (404 with no body), as on a deployment before them.</param>
/// <param name="StartingBalance">The account's cash in dollars.</param>
/// <param name="Fees">The fee model charged per fill (taker on crossing, maker when a resting order is hit).</param>
/// <param name="Seed">Drives the random faults.</param>
public sealed record FakeKalshiOptions(
    string PublicKey,
    string KeyId,
    TimeProvider? Time = null,
    TimeSpan? AllowedSkew = null,
    bool V2Orders = true,
    decimal StartingBalance = 10_000m,
    KalshiFeeModel? Fees = null,
    int Seed = 0)
{
    public TimeSpan Skew => AllowedSkew ?? TimeSpan.FromSeconds(30);

    /// <summary>Options verifying against the public half of <paramref name="key"/>.</summary>
    public static FakeKalshiOptions For(RSA key, string keyId, TimeProvider? time = null) => new(key.ExportSubjectPublicKeyInfoPem(), keyId, time);
}

/// <summary>The fake's own token buckets (tokens a second, a second of capacity), charged Kalshi's costs; null = unlimited.</summary>
public sealed record FakeRateLimit(decimal ReadPerSecond, decimal WritePerSecond);

/// <summary>
/// Faults drawn on every request, from the fake's seeded generator.
/// </summary>
/// <param name="ServerErrorRate">Probability of a 500 before the request takes effect.</param>
/// <param name="Latency">Every answer waits this long on the fake's clock first ("slow answers").</param>
/// <param name="RateLimit">The fake's own buckets: a request finding its bucket short gets 429 <c>{"error":"too many requests"}</c>.</param>
/// <param name="RetryAfterSeconds">Sent as Retry-After with each 429 (real Kalshi sends none).</param>
/// <param name="TooManyRequestsRate">Probability of a 429 <c>{"error":"too many requests"}</c> before the request takes effect, drawn after <paramref name="ServerErrorRate"/>.</param>
/// <param name="BookGapEvery">Every this many book deltas sent (all markets, all connections counted together), one is never sent, its seq consumed: a gap (0 = none).</param>
public sealed record FakeKalshiFaults(
    double ServerErrorRate = 0, TimeSpan Latency = default, FakeRateLimit? RateLimit = null, int? RetryAfterSeconds = null,
    double TooManyRequestsRate = 0, int BookGapEvery = 0)
{
    public static readonly FakeKalshiFaults None = new();
}

/// <summary>What becomes of an order create after the fake has accepted it.</summary>
public enum AfterAccept
{
    /// <summary>Answer 500: the order exists, the client hears a failure.</summary>
    ServerError,

    /// <summary>Never answer (until the client gives up and disconnects): the order exists, the client hears nothing.</summary>
    Hang,
}

/// <summary>What became of one create request.</summary>
public enum FakeOrderOutcome { Placed, PlacedThenServerError, PlacedThenHung, Duplicate, Rejected, ServerError, RateLimited, Unauthorized }

/// <summary>
/// One order create request as the fake received it, whatever became of it: the witness tests count orders by (a
/// retried client order id must never become a second order).
/// </summary>
/// <param name="Endpoint">"v2" (<c>/portfolio/events/orders</c>) or "legacy" (<c>/portfolio/orders</c>).</param>
/// <param name="Side">As sent: bid|ask for V2, yes|no for legacy.</param>
/// <param name="Price">As sent: V2's YES <c>price</c>, or legacy's <c>yes_price_dollars</c>/<c>no_price_dollars</c>.</param>
public sealed record FakeOrderLogEntry(
    string? ClientOrderId, string Endpoint, string? Ticker, string? Side, string? Action, string? Price, string? Count, string? TimeInForce,
    DateTimeOffset At, FakeOrderOutcome Outcome, string? OrderId, string? Detail)
{
    /// <summary>The create became an order at the fake, whether or not the client heard so.</summary>
    public bool Accepted => Outcome is FakeOrderOutcome.Placed or FakeOrderOutcome.PlacedThenServerError or FakeOrderOutcome.PlacedThenHung;
}

/// <summary>
/// One fill of the account at the fake: its trade id, order, client order id, market, count, book side ("bid" buys YES or
/// sells NO, "ask" the reverse), price in YES terms and fee.
/// </summary>
public sealed record FakeFill(string TradeId, string OrderId, string? ClientOrderId, string Ticker, int Count, DateTimeOffset At,
    string BookSide, decimal YesPrice, decimal Fee);

/// <summary>One request the fake received (any route), before anything was decided about it.</summary>
public sealed record FakeRequest(string Method, string Path, string Query, DateTimeOffset At);

/// <summary>A book message of the fake's socket, for tests that check a gap was followed by a fresh snapshot.</summary>
/// <param name="Kind">"gap" (a delta dropped, its seq consumed) or "snapshot".</param>
public sealed record FakeBookEvent(string Kind, string Ticker, int Connection, long Seq, DateTimeOffset At);
