using System.Net;
using System.Text.Json;

namespace Precog.Exchanges.Kalshi;

/// <summary>Kalshi answered that this client order id is already an order (PROTOCOLS §1.6: probably 409 order_already_exists).</summary>
public sealed class KalshiDuplicateOrderException(string operation, string code, string message)
    : ExchangeRejectedException(KalshiSettings.Platform, operation, code, message);

/// <summary>
/// Kalshi's error answers mapped to the port's exceptions. Three body shapes are accepted (PROTOCOLS.md §1.6): the spec's
/// <c>{code, message, details}</c>, the observed <c>{"error": {code, message, details}}</c> and the 429's
/// <c>{"error": "too many requests"}</c>; anything else keeps its status as the code. The status decides the type;
/// the code is kept for the message and for callers that branch on it.
/// </summary>
public static class KalshiErrors
{
    public static ExchangeException FromResponse(string operation, HttpStatusCode status, string body, TimeSpan? retryAfter)
    {
        var (code, message) = Read(body, status);
        const string platform = KalshiSettings.Platform;
        return (int)status switch
        {
            429 => new ExchangeRateLimitedException(platform, operation, retryAfter),
            401 or 403 => new ExchangeAuthenticationException(platform, operation, code, message),
            404 => new ExchangeNotFoundException(platform, operation, code, message),
            409 => new KalshiDuplicateOrderException(operation, code, message),
            _ when code.Contains("already_exists", StringComparison.OrdinalIgnoreCase) => new KalshiDuplicateOrderException(operation, code, message),
            408 or >= 500 => new ExchangeUnavailableException(platform, operation, $"HTTP {(int)status} {code}: {message}"),
            _ => new ExchangeRejectedException(platform, operation, code, message),
        };
    }

    /// <summary>The code and message of an error body in any of the shapes; the HTTP status when there is none.</summary>
    public static (string Code, string Message) Read(string body, HttpStatusCode status)
    {
        var fallback = ($"http_{(int)status}", string.IsNullOrWhiteSpace(body) ? status.ToString() : Shorten(body));
        if (string.IsNullOrWhiteSpace(body)) return fallback;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return fallback;
            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String) return (Slug(error.GetString()!), error.GetString()!);
                if (error.ValueKind == JsonValueKind.Object) root = error;
            }
            var code = KalshiWire.TextOrNull(root, "code");
            if (string.IsNullOrEmpty(code)) return fallback;
            var message = KalshiWire.TextOrNull(root, "message") ?? "";
            var details = KalshiWire.TextOrNull(root, "details");
            return (code, string.IsNullOrEmpty(details) ? message : $"{message} ({details})");
        }
        catch (JsonException)
        {
            return fallback;
        }
    }

    /// <summary>"too many requests" → "too_many_requests": a code callers can compare.</summary>
    private static string Slug(string text) => text.Trim().Replace(' ', '_').ToLowerInvariant();

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
