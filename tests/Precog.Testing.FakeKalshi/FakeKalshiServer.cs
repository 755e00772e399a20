using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Precog.Domain.Fees;

namespace Precog.Testing.FakeKalshi;

/// <summary>
/// A fake Kalshi Trade API v2 on Kestrel at 127.0.0.1 and an ephemeral port. Every request is logged
/// (<see cref="Requests"/>), then: its signature is verified (401 when bad, stale or missing on /portfolio), its
/// bucket charged (429), scripted and random faults applied, canned answers (recorded fixtures) served, and otherwise
/// the fake's own exchange answers (<see cref="FakeKalshiVenue"/>). Every order create lands in <see cref="OrderLog"/>.
/// </summary>
public sealed partial class FakeKalshiServer : IAsyncDisposable
{
    public const string ApiPrefix = "/trade-api/v2";

    private readonly Lock _gate = new();
    private readonly FakeKalshiOptions _options;
    private readonly TimeProvider _time;
    private readonly RSA _publicKey;
    private readonly FakeKalshiVenue _venue;
    private readonly Random _random;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<FakeRequest> _requests = [];
    private readonly List<FakeOrderLogEntry> _orderLog = [];
    private readonly List<(string Method, string Path, int Status, string Body, int Remaining)> _canned = [];
    private readonly Queue<(int Status, string Body)> _failNext = new();
    private int _failNextCreates;
    private readonly Queue<AfterAccept> _afterAccept = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _orderLogWaiters = [];
    private FakeKalshiFaults _faults = FakeKalshiFaults.None;
    private (decimal Read, decimal Write, DateTimeOffset At)? _buckets;
    private WebApplication? _app;

    private FakeKalshiServer(FakeKalshiOptions options)
    {
        _options = options;
        _time = options.Time ?? TimeProvider.System;
        _publicKey = RSA.Create();
        _publicKey.ImportFromPem(options.PublicKey);
        _venue = new FakeKalshiVenue(options.StartingBalance, options.Fees ?? KalshiFeeModel.Default, _time);
        _random = new Random(options.Seed);
    }

    /// <summary>The REST base, with <c>/trade-api/v2</c>, as a client's settings take it.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FakeKalshiServer> StartAsync(FakeKalshiOptions options)
    {
        var server = new FakeKalshiServer(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + ApiPrefix);
        server.WebSocketUrl = new Uri("ws" + address.TrimEnd('/')["http".Length..] + SocketPath);
        server._app = app;
        return server;
    }

    /// <summary>Faults applied from now on.</summary>
    public FakeKalshiFaults Faults
    {
        get { lock (_gate) return _faults; }
        set { lock (_gate) { _faults = value ?? FakeKalshiFaults.None; _buckets = null; } }
    }

    /// <summary>The next <paramref name="count"/> requests (any route, after auth) answer this status and body without taking effect.</summary>
    /// <summary>The next <paramref name="count"/> order creates answer 500 before taking effect, whatever the fault rates draw.</summary>
    public void FailNextCreates(int count)
    {
        lock (_gate) _failNextCreates += count;
    }

    public void FailNext(int count, HttpStatusCode status, string? body = null)
    {
        lock (_gate)
            for (var i = 0; i < count; i++)
                _failNext.Enqueue(((int)status, body ?? Error("internal_error", "injected fault")));
    }

    /// <summary>The next order create that is accepted then fails as <paramref name="fault"/> says: the order exists, its answer does not.</summary>
    public void AfterNextAccept(AfterAccept fault)
    {
        lock (_gate) _afterAccept.Enqueue(fault);
    }

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> (under /trade-api/v2, any query) with this status and body, <paramref name="times"/> times (0 = always).</summary>
    public void Reply(string method, string path, HttpStatusCode status, string body, int times = 0)
    {
        lock (_gate) _canned.Add((method.ToUpperInvariant(), path, (int)status, body, times == 0 ? int.MaxValue : times));
    }

    /// <summary>Serves every interaction of a recorded fixture file (../shared/fixtures/kalshi/*.json) as a canned answer to its method and path.</summary>
    public void ServeFixture(string fixtureFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(fixtureFile));
        foreach (var interaction in doc.RootElement.GetProperty("interactions").EnumerateArray())
        {
            var request = interaction.GetProperty("request");
            var response = interaction.GetProperty("response");
            var path = new Uri(request.GetProperty("uri").GetString()!).AbsolutePath;
            Reply(request.GetProperty("method").GetString()!, path[ApiPrefix.Length..], (HttpStatusCode)response.GetProperty("status").GetInt32(),
                response.GetProperty("body").GetRawText());
        }
    }

    /// <summary>Every request received, oldest first.</summary>
    public IReadOnlyList<FakeRequest> Requests
    {
        get { lock (_gate) return _requests.ToList(); }
    }

    /// <summary>Every order create received, oldest first, with what became of it.</summary>
    public IReadOnlyList<FakeOrderLogEntry> OrderLog
    {
        get { lock (_gate) return _orderLog.ToList(); }
    }

    /// <summary>Completes once the order log holds at least <paramref name="count"/> entries: how a test knows a create reached the fake.</summary>
    public Task OrderLogReaches(int count)
    {
        lock (_gate)
        {
            if (_orderLog.Count >= count) return Task.CompletedTask;
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _orderLogWaiters.Add((count, signal));
            return signal.Task;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path.Value == SocketPath)
        {
            await HandleSocketAsync(context).ConfigureAwait(false);
            return;
        }
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "";
        var signedPath = rawTarget.Split('?')[0];
        var path = signedPath.StartsWith(ApiPrefix, StringComparison.Ordinal) ? signedPath[ApiPrefix.Length..] : signedPath;
        var method = request.Method.ToUpperInvariant();
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var isCreate = method == "POST" && path is "/portfolio/events/orders" or "/portfolio/orders";
        JsonObject? createBody = null;
        if (isCreate)
            try { createBody = JsonNode.Parse(body)?.AsObject(); } catch (JsonException) { }

        Answer answer;
        AfterAccept? hangOrFail = null;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _requests.Add(new FakeRequest(method, path, request.QueryString.Value ?? "", now));
            if (Unauthorized(request, method, signedPath, path, now) is { } refusal)
            {
                if (isCreate) LogCreate(path, createBody, FakeOrderOutcome.Unauthorized, null, refusal);
                answer = new Answer(401, Error("authentication_error", "authentication failed", refusal));
            }
            else if (!TakeTokens(method, path, now))
            {
                if (isCreate) LogCreate(path, createBody, FakeOrderOutcome.RateLimited, null, null);
                answer = new Answer(429, """{"error":"too many requests"}""", _faults.RetryAfterSeconds);
            }
            else if (isCreate && _failNextCreates > 0)
            {
                _failNextCreates--;
                LogCreate(path, createBody, FakeOrderOutcome.ServerError, null, "HTTP 500");
                answer = new Answer(500, Error("internal_error", "injected fault"));
            }
            else if (NextFault() is { } failure)
            {
                if (isCreate) LogCreate(path, createBody, failure.Status == 429 ? FakeOrderOutcome.RateLimited : FakeOrderOutcome.ServerError, null, $"HTTP {failure.Status}");
                answer = new Answer(failure.Status, failure.Body);
            }
            else if (Canned(method, path) is { } canned)
            {
                answer = canned;
            }
            else
            {
                answer = Route(method, path, query, createBody);
                if (answer.AcceptedOrderId is not null && _afterAccept.TryDequeue(out var fault))
                {
                    hangOrFail = fault;
                    var entry = _orderLog[^1];
                    _orderLog[^1] = entry with { Outcome = fault == AfterAccept.Hang ? FakeOrderOutcome.PlacedThenHung : FakeOrderOutcome.PlacedThenServerError };
                }
            }
            SignalOrderLog();
            PublishChanges(); // what the request did to books, orders and fills goes out on the sockets
        }

        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            var latency = Faults.Latency;
            if (latency > TimeSpan.Zero) await Task.Delay(latency, _time, aborted.Token).ConfigureAwait(false);
            if (hangOrFail == AfterAccept.Hang)
            {
                await Task.Delay(Timeout.Infinite, aborted.Token).ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException)
        {
            return; // the client gave up, or the fake is stopping: nobody is listening
        }
        if (hangOrFail == AfterAccept.ServerError) answer = new Answer(500, Error("internal_error", "injected fault after accepting the order"));
        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfterSeconds is { } retry) context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (answer.Body.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Why a request is refused (null when it is not): a signature is checked whenever one is sent, and required on /portfolio.</summary>
    private string? Unauthorized(HttpRequest request, string method, string signedPath, string path, DateTimeOffset now)
    {
        var key = request.Headers["KALSHI-ACCESS-KEY"].ToString();
        var timestamp = request.Headers["KALSHI-ACCESS-TIMESTAMP"].ToString();
        var signature = request.Headers["KALSHI-ACCESS-SIGNATURE"].ToString();
        if (key.Length == 0 && timestamp.Length == 0 && signature.Length == 0)
            return path.StartsWith("/portfolio", StringComparison.Ordinal) ? "MISSING_API_KEY_HEADERS" : null;
        if (key != _options.KeyId) return "INCORRECT_API_KEY";
        if (!long.TryParse(timestamp, out var ms)) return "INVALID_TIMESTAMP";
        if ((now - DateTimeOffset.FromUnixTimeMilliseconds(ms)).Duration() > _options.Skew) return "TIMESTAMP_OUTSIDE_ALLOWED_WINDOW";
        byte[] bytes;
        try { bytes = Convert.FromBase64String(signature); } catch (FormatException) { return "INCORRECT_API_KEY_SIGNATURE"; }
        var message = Encoding.UTF8.GetBytes(timestamp + method + signedPath);
        return _publicKey.VerifyData(message, bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pss) ? null : "INCORRECT_API_KEY_SIGNATURE";
    }

    private (int Status, string Body)? NextFault()
    {
        if (_failNext.TryDequeue(out var scripted)) return scripted;
        if (_random.NextDouble() < _faults.ServerErrorRate) return (500, Error("internal_error", "injected fault"));
        return _faults.TooManyRequestsRate > 0 && _random.NextDouble() < _faults.TooManyRequestsRate ? (429, """{"error":"too many requests"}""") : null;
    }

    /// <summary>Charges Kalshi's cost of the call to the fake's own read or write bucket, when it has them.</summary>
    private bool TakeTokens(string method, string path, DateTimeOffset now)
    {
        if (_faults.RateLimit is not { } limit) return true;
        var write = method is "POST" or "DELETE" && path.StartsWith("/portfolio", StringComparison.Ordinal) && path.Contains("orders", StringComparison.Ordinal);
        var cost = (method, path) switch
        {
            ("POST", "/portfolio/orders") => 100m,
            ("POST", _) => 10m,
            ("DELETE", _) => 2m,
            ("GET", _) when path.StartsWith("/portfolio/orders/", StringComparison.Ordinal) => 2m,
            _ => 10m,
        };
        var (read, writeTokens, at) = _buckets ?? (limit.ReadPerSecond, limit.WritePerSecond, now);
        var seconds = (decimal)Math.Max(0, (now - at).TotalSeconds);
        read = Math.Min(limit.ReadPerSecond, read + seconds * limit.ReadPerSecond);
        writeTokens = Math.Min(limit.WritePerSecond, writeTokens + seconds * limit.WritePerSecond);
        var ok = write ? writeTokens >= cost : read >= cost;
        if (ok)
        {
            if (write) writeTokens -= cost;
            else read -= cost;
        }
        _buckets = (read, writeTokens, now);
        return ok;
    }

    private Answer? Canned(string method, string path)
    {
        for (var i = 0; i < _canned.Count; i++)
        {
            var c = _canned[i];
            if (c.Method != method || c.Path != path) continue;
            if (c.Remaining != int.MaxValue)
            {
                if (c.Remaining == 1) _canned.RemoveAt(i);
                else _canned[i] = c with { Remaining = c.Remaining - 1 };
            }
            return new Answer(c.Status, c.Body);
        }
        return null;
    }

    private void LogCreate(string path, JsonObject? body, FakeOrderOutcome outcome, string? orderId, string? detail)
    {
        var legacy = path == "/portfolio/orders";
        string? S(string field) => body?[field] is JsonValue v ? v.ToString() : null;
        _orderLog.Add(new FakeOrderLogEntry(
            S("client_order_id"), legacy ? "legacy" : "v2", S("ticker"), S("side"), S("action"),
            legacy ? S("yes_price_dollars") ?? S("no_price_dollars") : S("price"), legacy ? S("count_fp") ?? S("count") : S("count"),
            S("time_in_force"), _time.GetUtcNow(), outcome, orderId, detail));
    }

    private void SignalOrderLog()
    {
        for (var i = _orderLogWaiters.Count - 1; i >= 0; i--)
            if (_orderLog.Count >= _orderLogWaiters[i].Count)
            {
                _orderLogWaiters[i].Signal.TrySetResult();
                _orderLogWaiters.RemoveAt(i);
            }
    }

    /// <summary>The wrapped error body real Kalshi sends: <c>{"error": {code, message, details}}</c>.</summary>
    public static string Error(string code, string message, string? details = null) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["details"] = details ?? "" } }.ToJsonString();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        _publicKey.Dispose();
        _stopping.Dispose();
    }

    private sealed record Answer(int Status, string Body, int? RetryAfterSeconds = null, string? AcceptedOrderId = null);
}
