using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Polly;
using Polly.Retry;

namespace Precog.Exchanges.Kalshi;

/// <summary>One REST call: what it is called in errors, what it costs, and whether repeating it is safe.</summary>
/// <param name="PathAndQuery">Relative to the base URL, e.g. <c>/portfolio/orders?status=resting</c>.</param>
/// <param name="SafeToRetry">Only a call that cannot take effect twice may be retried (see <see cref="KalshiTransport"/>).</param>
public sealed record KalshiCall(
    string Operation, HttpMethod Method, string PathAndQuery, object? Body, KalshiBucket Bucket, decimal Cost, bool SafeToRetry);

/// <summary>
/// Signs, paces, sends and retries Kalshi REST calls, and turns every failure into an <see cref="ExchangeException"/>.
/// Each attempt waits for its tokens, is signed afresh (the timestamp must be recent) and has its own timeout on the
/// injected clock. Retries (jittered exponential backoff, or the 429's Retry-After when there is one) happen only for
/// calls marked safe: GETs; cancels (cancelling twice leaves the same order canceled); and order creation, because it
/// carries a client order id, so a second create of an order the venue already has is refused as a duplicate instead of
/// becoming a second order (the caller then looks the order up). Never for anything that could act twice.
/// </summary>
public sealed class KalshiTransport
{
    public const string KeyHeader = "KALSHI-ACCESS-KEY";
    public const string TimestampHeader = "KALSHI-ACCESS-TIMESTAMP";
    public const string SignatureHeader = "KALSHI-ACCESS-SIGNATURE";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private readonly KalshiSettings _settings;
    private readonly KalshiSigner _signer;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly KalshiRateLimiter _limiter;
    private readonly ResiliencePipeline _retry;
    private readonly string _basePath;
    private readonly string _baseUrl;

    public KalshiTransport(KalshiSettings settings, KalshiSigner signer, HttpClient http, TimeProvider time, Random? jitter = null)
    {
        _settings = settings.Validated();
        _signer = signer;
        _http = http;
        _time = time;
        _limiter = new KalshiRateLimiter(settings.Tier, settings.BucketSeconds, time);
        _baseUrl = settings.BaseUrl.AbsoluteUri.TrimEnd('/');
        _basePath = settings.BaseUrl.AbsolutePath.TrimEnd('/');
        _retry = settings.MaxAttempts <= 1 ? ResiliencePipeline.Empty : BuildRetry(settings, time, jitter ?? Random.Shared);
    }

    public KalshiRateLimiter Limiter => _limiter;

    /// <summary>Sends the call (retrying it when safe) and returns its JSON body.</summary>
    public async Task<JsonDocument> SendAsync(KalshiCall call, CancellationToken ct)
    {
        var pipeline = call.SafeToRetry ? _retry : ResiliencePipeline.Empty;
        return await pipeline.ExecuteAsync(static (state, token) => new ValueTask<JsonDocument>(state.Self.AttemptAsync(state.Call, token)),
            (Self: this, Call: call), ct).ConfigureAwait(false);
    }

    private async Task<JsonDocument> AttemptAsync(KalshiCall call, CancellationToken ct)
    {
        await _limiter.TakeAsync(call.Bucket, call.Cost, ct).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(_settings.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        using var request = new HttpRequestMessage(call.Method, _baseUrl + call.PathAndQuery);
        var timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds();
        request.Headers.Add(KeyHeader, _signer.KeyId);
        request.Headers.Add(TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, _signer.Sign(timestamp, call.Method.Method, _basePath + call.PathAndQuery));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (call.Body is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(call.Body, Json), Encoding.UTF8, "application/json");
        HttpStatusCode status;
        string body;
        TimeSpan? retryAfter;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            status = response.StatusCode;
            retryAfter = RetryAfter(response.Headers.RetryAfter);
            body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new ExchangeTimeoutException(KalshiSettings.Platform, call.Operation, _settings.Timeout);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            throw new ExchangeUnavailableException(KalshiSettings.Platform, call.Operation, $"cannot connect: {e.HttpRequestError}", e);
        }
        catch (HttpRequestException e)
        {
            // the request may have reached the venue before the connection broke: as unknown as a timeout
            throw new ExchangeTimeoutException(KalshiSettings.Platform, call.Operation, _settings.Timeout, e);
        }
        if ((int)status is < 200 or >= 300)
            throw KalshiErrors.FromResponse(call.Operation, status, body, retryAfter);
        try
        {
            return JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
        }
        catch (JsonException)
        {
            throw new ExchangeMalformedResponseException(KalshiSettings.Platform, call.Operation, "body", "is not JSON");
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static ResiliencePipeline BuildRetry(KalshiSettings settings, TimeProvider time, Random jitter) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is ExchangeUnavailableException or ExchangeRateLimitedException or ExchangeTimeoutException),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Delay(settings, args.AttemptNumber, args.Outcome.Exception, jitter)),
            })
            .Build();

    /// <summary>The venue's Retry-After when it gave one; else base × 2^attempt capped at the max, jittered to [½, 1] of it.</summary>
    internal static TimeSpan Delay(KalshiSettings settings, int attempt, Exception? error, Random jitter)
    {
        if (error is ExchangeRateLimitedException { RetryAfter: { } after } && after > TimeSpan.Zero) return after;
        var exponential = Math.Min(settings.LongestBackoff.Ticks, settings.FirstBackoff.Ticks * Math.Pow(2, Math.Min(attempt, 30)));
        double factor;
        lock (jitter) factor = 0.5 + 0.5 * jitter.NextDouble();
        return TimeSpan.FromTicks((long)(exponential * factor));
    }
}
