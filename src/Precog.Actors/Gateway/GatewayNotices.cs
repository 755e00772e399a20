using Precog.Domain.Positions;
using Precog.Domain.Values;

namespace Precog.Actors.Gateway;

/// <summary>A venue call failed (unavailable, rate limited, timed out): what the api_failures breaker counts (TRADING_RULES.md §5).</summary>
public sealed record ApiCallFailedNotice(string Platform, string Reason, DateTimeOffset At);

/// <summary>The venue answered a call (a refusal included: the API works), e.g. the half-open breaker's probe.</summary>
public sealed record ApiCallSucceededNotice(string Platform, DateTimeOffset At);

/// <summary>
/// Compare what the engine believes it holds with what the venue says it holds; the venue is authoritative. With
/// <see cref="ExpectedOrders"/> (the client order ids positions have out), the venue's resting orders are compared too.
/// With <see cref="ExpectedFills"/> (open positions' orders and recorded trades), the venue's fills of those orders are
/// compared too, and a position missing a fill its order has at the venue is told that order as the venue has it.
/// The gateway only answers; the reconciler judges and raises the alert.
/// </summary>
public sealed record Reconcile(IReadOnlyDictionary<MarketTicker, (Side Side, Quantity Quantity)> Expected)
{
    public IReadOnlySet<ClientOrderId>? ExpectedOrders { get; init; }

    public IReadOnlyList<PositionFills>? ExpectedFills { get; init; }
}

/// <summary>The answer to <see cref="Reconcile"/>: each mismatch names its ticker and both holdings, or the unclaimed order.</summary>
public sealed record ReconciliationResult(bool Matches, IReadOnlyList<string> Mismatches)
{
    /// <summary>False when the venue could not be read: the answer says nothing about agreement.</summary>
    public bool Read { get; init; } = true;
}

/// <summary>Published to the alert side when a confirmed reconciliation finds the venue's holdings or orders differ from the engine's.</summary>
public sealed record ReconciliationMismatch(string Platform, IReadOnlyList<string> Mismatches, DateTimeOffset At);

/// <summary>
/// Told to the risk manager after every conclusive reconciliation of a platform: while it does not match, no entry
/// on that platform is admitted. Not persisted: a restarted risk manager hears it again within one interval.
/// </summary>
public sealed record ReconciliationState(string Platform, bool Matches, IReadOnlyList<string> Mismatches, DateTimeOffset At);

/// <summary>Ask the gateway what it is doing (for operators, and for tests to know it has settled).</summary>
public sealed record GetGatewayStatus
{
    public static readonly GetGatewayStatus Instance = new();
}

/// <summary>Calls waiting for tokens per bucket, calls under way, calls waiting to be retried, and orders still resting.</summary>
public sealed record GatewayStatus(int QueuedReads, int QueuedWrites, int InFlight, int AwaitingRetry, int RestingOrders)
{
    /// <summary>The venue's resting orders are re-learned since the last start: new commands are taken.</summary>
    public bool Ready { get; init; }

    /// <summary>Orders routed whose end the gateway has not yet told their positions.</summary>
    public int Routed { get; init; }
}
