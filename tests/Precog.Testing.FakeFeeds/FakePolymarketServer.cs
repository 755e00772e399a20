using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Precog.Testing.FakeFeeds;

/// <summary>
/// A fake Polymarket CLOB on 127.0.0.1: <c>GET /book?token_id=</c> answers the book set for the token, and
/// <c>/ws/market</c> accepts WebSocket connections that a test drives (<see cref="FakeMarketConnection"/>):
/// reads what the client sent, sends scripted messages, drops the connection. PING is answered PONG.
/// </summary>
public sealed class FakePolymarketServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _books = new();
    private readonly Channel<FakeMarketConnection> _connections = Channel.CreateUnbounded<FakeMarketConnection>();
    private readonly CancellationTokenSource _stopping = new();
    private int _connectionCount;

    private FakePolymarketServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        RestBase = baseUrl;
        MarketChannel = new Uri($"ws://{baseUrl.Authority}/ws/market");
    }

    public Uri RestBase { get; }

    public Uri MarketChannel { get; }

    /// <summary>WebSocket connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    public static async Task<FakePolymarketServer> StartAsync()
    {
        FakePolymarketServer? server = null;
        var (app, baseUrl) = await LoopbackHost.StartAsync(a =>
        {
            a.UseWebSockets();
            a.MapGet("/book", (HttpContext ctx) => server!.BookAsync(ctx));
            a.Map("/ws/market", (HttpContext ctx) => server!.MarketChannelAsync(ctx));
        });
        server = new FakePolymarketServer(app, baseUrl);
        return server;
    }

    /// <summary>What <c>GET /book?token_id=</c> answers for the token (an unknown token gets 404).</summary>
    public void SetBook(string tokenId, string json, int status = 200) => _books[tokenId] = (status, json);

    /// <summary>The next WebSocket connection the server accepts (fails after a real-time limit).</summary>
    public async Task<FakeMarketConnection> NextConnectionAsync(TimeSpan? limit = null)
    {
        using var cts = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(10));
        return await _connections.Reader.ReadAsync(cts.Token);
    }

    private async Task BookAsync(HttpContext ctx)
    {
        var token = ctx.Request.Query["token_id"].ToString();
        var (status, body) = _books.TryGetValue(token, out var b) ? b : (404, """{"error":"No orderbook exists for the requested token id"}""");
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body);
    }

    private async Task MarketChannelAsync(HttpContext ctx)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            ctx.Response.StatusCode = 400;
            return;
        }
        using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
        var connection = new FakeMarketConnection(socket, ctx);
        Interlocked.Increment(ref _connectionCount);
        await _connections.Writer.WriteAsync(connection);
        await connection.RunAsync(_stopping.Token);
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

/// <summary>One client connection to the fake market channel, driven by a test.</summary>
public sealed class FakeMarketConnection
{
    private readonly WebSocket _socket;
    private readonly HttpContext _context;
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal FakeMarketConnection(WebSocket socket, HttpContext context)
    {
        _socket = socket;
        _context = context;
    }

    /// <summary>Completes when the connection has ended, however it ended.</summary>
    public Task Ended => _ended.Task;

    /// <summary>The next text message the client sent (PINGs included), after a real-time limit fails.</summary>
    public async Task<string> NextClientMessageAsync(TimeSpan? limit = null)
    {
        using var cts = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(cts.Token);
    }

    public async Task SendAsync(string text)
    {
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Cuts the connection without a close handshake, as a network failure or a server crash would.</summary>
    public void Drop() => _context.Abort();

    /// <summary>Closes the connection properly (a close frame), as a server restarting politely would.</summary>
    public async Task CloseAsync()
    {
        await _sending.WaitAsync();
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "fake server closing", CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    internal async Task RunAsync(CancellationToken stopping)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult r;
                do
                {
                    r = await _socket.ReceiveAsync(buffer, stopping);
                    message.Write(buffer, 0, r.Count);
                } while (!r.EndOfMessage);
                if (r.MessageType == WebSocketMessageType.Close) break;
                var text = Encoding.UTF8.GetString(message.ToArray());
                if (text == "PING") await SendAsync("PONG");
                await _received.Writer.WriteAsync(text, stopping);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ConnectionAbortedException)
        {
            // dropped or stopping
        }
        finally
        {
            _received.Writer.TryComplete();
            _ended.TrySetResult();
        }
    }
}
