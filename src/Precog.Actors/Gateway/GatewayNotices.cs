using Precog.Domain.Positions;
using Precog.Domain.Values;

namespace Precog.Actors.Gateway;

/// <summary>A venue call failed (unavailable, rate limited, timed out): what the api_failures breaker counts (TRADING_RULES.md §5).</summary>
public sealed record ApiCallFailedNotice(string Platform, string Reason, DateTimeOffset At);

/// <summary>The venue answered a call (a refusal included: the API works), e.g. the half-open breaker's probe.</summary>
public sealed record ApiCallSucceededNotice(string Platform, DateTimeOffset At);

/// <summary>Compare what the engine believes it holds with what the venue says it holds; the venue is authoritative.</summary>
public sealed record Reconcile(IReadOnlyDictionary<MarketTicker, (Side Side, Quantity Quantity)> Expected);

/// <summary>The answer to <see cref="Reconcile"/>: each mismatch names its ticker and both holdings.</summary>
public sealed record ReconciliationResult(bool Matches, IReadOnlyList<string> Mismatches);

/// <summary>Published to the breaker/alert side when the venue's holdings differ from the engine's.</summary>
public sealed record ReconciliationMismatch(string Platform, IReadOnlyList<string> Mismatches, DateTimeOffset At);

/// <summary>Ask the gateway what it is doing (for operators, and for tests to know it has settled).</summary>
public sealed record GetGatewayStatus
{
    public static readonly GetGatewayStatus Instance = new();
}

/// <summary>Calls waiting for tokens per bucket, calls under way, calls waiting to be retried, and orders still resting.</summary>
public sealed record GatewayStatus(int QueuedReads, int QueuedWrites, int InFlight, int AwaitingRetry, int RestingOrders);
