namespace Precog.Actors.Gateway;

/// <summary>Which token bucket a call draws from.</summary>
internal enum RateBucket { Read, Write }

/// <summary>How a call ended for good: the venue refused it, or nobody can say what it did.</summary>
internal sealed record CallFailure(bool Refused, string Reason);

/// <summary>
/// One venue call of a command: its bucket and cost, the call itself, and what to do with its result or its
/// final failure (run on the gateway's thread, after retries). A command of two calls chains the second in
/// <see cref="Succeeded"/>.
/// </summary>
internal sealed record GatewayCall(
    string Operation, RateBucket Bucket, int Cost, Func<CancellationToken, Task<object?>> Invoke, Action<object?> Succeeded, Action<CallFailure> Failed);

/// <summary>A call on its way through the gateway: queued, under way, or waiting to be retried.</summary>
internal sealed class PendingCall(long id, GatewayCall call)
{
    public long Id { get; } = id;
    public GatewayCall Call { get; } = call;
    public int Attempt { get; set; }
    public CancellationTokenSource? Cancellation { get; set; }
}

internal sealed record CallCompleted(long Id, int Attempt, object? Result);
internal sealed record CallFaulted(long Id, int Attempt, Exception Error);
internal sealed record CallTimedOut(long Id, int Attempt);
internal sealed record RetryDue(long Id);
internal sealed record BucketRefilled(RateBucket Bucket);
internal sealed record PollDue
{
    public static readonly PollDue Instance = new();
}
internal sealed record RelearnDue
{
    public static readonly RelearnDue Instance = new();
}

/// <summary>The venue's client failed in a way nobody foresaw: the gateway stops, to be started afresh by its supervisor.</summary>
public sealed class GatewayCrashedException(string message, Exception inner) : Exception(message, inner);

/// <summary>An order the gateway placed (or was told about) that still rests: polled for fills until it is done.</summary>
internal sealed record RestingOrder(
    Precog.Domain.Values.PositionId Position, Precog.Domain.Values.ClientOrderId ClientOrderId, string Platform,
    Precog.Domain.Values.MarketTicker Ticker, int FillsReported);

/// <summary>The key of a gateway timer: its kind and what it is about.</summary>
internal sealed record TimerKey(string Kind, long Id);
