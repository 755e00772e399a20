namespace Precog.Exchanges;

/// <summary>A venue call failed. The subtype says what is safe: retry, wait, give up, or ask what happened.</summary>
public abstract class ExchangeException(string platform, string operation, string message, Exception? inner = null)
    : Exception($"{platform} {operation}: {message}", inner)
{
    public string Platform { get; } = platform;
    public string Operation { get; } = operation;
}

/// <summary>Too many requests (HTTP 429): wait <see cref="RetryAfter"/> (or back off) and try again.</summary>
public sealed class ExchangeRateLimitedException(string platform, string operation, TimeSpan? retryAfter)
    : ExchangeException(platform, operation, $"rate limited{(retryAfter is { } r ? $", retry after {r.TotalSeconds:0.###} s" : "")}")
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The venue failed (HTTP 5xx, connection refused): the call did not take effect; safe to retry.</summary>
public sealed class ExchangeUnavailableException(string platform, string operation, string message, Exception? inner = null)
    : ExchangeException(platform, operation, message, inner);

/// <summary>
/// The venue refused the request (bad price, market closed, insufficient balance): retrying the same request will not help.
/// Not sealed: the subtypes below are refusals too, so callers that only know this type treat them alike.
/// </summary>
public class ExchangeRejectedException(string platform, string operation, string code, string message)
    : ExchangeException(platform, operation, $"{code}: {message}")
{
    public string Code { get; } = code;
}

/// <summary>The venue does not know what was asked for (HTTP 404: an unknown order id, market or route).</summary>
public sealed class ExchangeNotFoundException(string platform, string operation, string code, string message)
    : ExchangeRejectedException(platform, operation, code, message);

/// <summary>
/// The venue refused who we are (HTTP 401/403: a wrong key, a bad or stale signature): nothing will work until an
/// operator fixes the key or the clock. A refusal, never retried.
/// </summary>
public sealed class ExchangeAuthenticationException(string platform, string operation, string code, string message)
    : ExchangeRejectedException(platform, operation, code, message);

/// <summary>
/// The venue answered something we cannot read (a price outside [0, 1], a negative count, a missing field). The
/// answer is not trusted, so for an order the outcome is unknown: ask the venue by client order id.
/// </summary>
public sealed class ExchangeMalformedResponseException(string platform, string operation, string field, string message)
    : ExchangeException(platform, operation, $"field '{field}': {message}")
{
    public string Field { get; } = field;
}

/// <summary>
/// No answer in time: the request may or may not have taken effect. For an order, ask the venue for its
/// client order id before deciding anything (DESIGN.md, the Unknown state).
/// </summary>
public sealed class ExchangeTimeoutException(string platform, string operation, TimeSpan after, Exception? inner = null)
    : ExchangeException(platform, operation, $"no answer within {after.TotalSeconds:0.###} s: the outcome is unknown", inner)
{
    public TimeSpan After { get; } = after;
}
