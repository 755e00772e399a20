using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Precog.Testing.FakeFeeds;

/// <summary>What the fake ESPN server answers to one request.</summary>
public abstract record EspnReply
{
    /// <summary>A scoreboard (status 200).</summary>
    public static EspnReply Json(string json) => new JsonReply(json);

    /// <summary>An error status with a short body.</summary>
    public static EspnReply Status(int status) => new StatusReply(status);

    /// <summary>The reply after a wait on the server's clock (a fake clock only moves when the test advances it).</summary>
    public static EspnReply Slow(TimeSpan delay, EspnReply then) => new SlowReply(delay, then);

    /// <summary>No answer until the client gives up.</summary>
    public static EspnReply Hang() => new SlowReply(Timeout.InfiniteTimeSpan, Status(504));

    internal sealed record JsonReply(string Body) : EspnReply;
    internal sealed record StatusReply(int Code) : EspnReply;
    internal sealed record SlowReply(TimeSpan Delay, EspnReply Then) : EspnReply;
}

/// <summary>A request the fake ESPN server received: its query string and the server clock's time when it came.</summary>
public sealed record EspnRequest(int Number, string Query, DateTimeOffset At);

/// <summary>
/// A fake ESPN scoreboard on 127.0.0.1: scripted replies are used once each, in order; when none is left the
/// standing scoreboard (<see cref="Serve"/>) is answered. Faults: error statuses, slow replies, hangs.
/// </summary>
public sealed class FakeEspnServer : IAsyncDisposable
{
    public const string NflScoreboardPath = "apis/site/v2/sports/football/nfl/scoreboard";

    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly ConcurrentQueue<EspnReply> _script = new();
    private readonly List<EspnRequest> _requests = [];
    private readonly List<(int Number, TaskCompletionSource<EspnRequest> Done)> _waiters = [];
    private readonly CancellationTokenSource _stopping = new();
    private volatile EspnReply _standing = EspnReply.Status(404);

    private FakeEspnServer(WebApplication app, Uri baseUrl, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
        ScoreboardUrl = new Uri(baseUrl, NflScoreboardPath);
    }

    public Uri ScoreboardUrl { get; }

    public static async Task<FakeEspnServer> StartAsync(TimeProvider? clock = null)
    {
        FakeEspnServer? server = null;
        var (app, baseUrl) = await LoopbackHost.StartAsync(a => a.MapGet("/" + NflScoreboardPath, (HttpContext ctx) => server!.HandleAsync(ctx)));
        server = new FakeEspnServer(app, baseUrl, clock ?? TimeProvider.System);
        return server;
    }

    /// <summary>The scoreboard answered whenever the script is empty.</summary>
    public void Serve(string json) => _standing = EspnReply.Json(json);

    /// <summary>Replies for the next requests, one each, before the standing scoreboard.</summary>
    public void Script(params EspnReply[] replies)
    {
        foreach (var r in replies) _script.Enqueue(r);
    }

    public IReadOnlyList<EspnRequest> Requests
    {
        get { lock (_requests) return [.. _requests]; }
    }

    /// <summary>The <paramref name="number"/>-th request (from 1), once it has come; fails after a real-time limit.</summary>
    public Task<EspnRequest> WaitForRequestAsync(int number, TimeSpan? limit = null)
    {
        var done = new TaskCompletionSource<EspnRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_requests)
        {
            if (_requests.Count >= number) return Task.FromResult(_requests[number - 1]);
            _waiters.Add((number, done));
        }
        return done.Task.WaitAsync(limit ?? TimeSpan.FromSeconds(10));
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        EspnRequest request;
        lock (_requests)
        {
            request = new EspnRequest(_requests.Count + 1, ctx.Request.QueryString.Value ?? "", _clock.GetUtcNow());
            _requests.Add(request);
            foreach (var w in _waiters.Where(w => w.Number == request.Number).ToList())
            {
                w.Done.TrySetResult(request);
                _waiters.Remove(w);
            }
        }
        var reply = _script.TryDequeue(out var next) ? next : _standing;
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, _stopping.Token);
        try
        {
            await ReplyAsync(ctx, reply, abort.Token);
        }
        catch (OperationCanceledException)
        {
            // the client gave up, or the server is stopping
        }
    }

    private async Task ReplyAsync(HttpContext ctx, EspnReply reply, CancellationToken ct)
    {
        switch (reply)
        {
            case EspnReply.JsonReply j:
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync(j.Body, ct);
                break;
            case EspnReply.StatusReply s:
                ctx.Response.StatusCode = s.Code;
                await ctx.Response.WriteAsync($"fake ESPN: status {s.Code}", ct);
                break;
            case EspnReply.SlowReply slow:
                await Task.Delay(slow.Delay, _clock, ct);
                await ReplyAsync(ctx, slow.Then, ct);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            await _app.StopAsync(limit.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
