using System.Net;
using System.Net.Sockets;

namespace Precog.Tests;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of the test PostgreSQL, so that one test can take "the database" away from a node
/// without stopping the server the other suites share: <see cref="Cut"/> resets every relayed connection and refuses new
/// ones (as a stopped server does: connection refused), <see cref="Restore"/> lets them through again.
/// </summary>
public sealed class OutageProxy : IDatabaseOutage
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient In, TcpClient Out)> _pairs = [];
    private readonly Lock _gate = new();
    private readonly Task _accepting;
    private volatile bool _cut;

    private OutageProxy(string host, int port)
    {
        (_host, _port) = (host, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>A relay to the server of <paramref name="connectionString"/>.</summary>
    public static OutageProxy For(string connectionString)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return new OutageProxy(b.Host ?? "127.0.0.1", b.Port);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The same connection string, through the relay.</summary>
    public string Through(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;

    /// <summary>Resets every open connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        lock (_gate)
        {
            foreach (var (a, b) in _pairs) { Reset(a); Reset(b); }
            _pairs.Clear();
        }
    }

    public Task CutAsync()
    {
        Cut();
        return Task.CompletedTask;
    }

    public void Restore() => _cut = false;

    public Task RestoreAsync()
    {
        Restore();
        return Task.CompletedTask;
    }

    private static void Reset(TcpClient c)
    {
        try { c.Client.LingerState = new LingerOption(true, 0); c.Close(); } catch (ObjectDisposedException) { }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            if (_cut)
            {
                Reset(client);
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        try { await server.ConnectAsync(_host, _port, _stop.Token); }
        catch (Exception)
        {
            Reset(client);
            server.Dispose();
            return;
        }
        lock (_gate)
        {
            if (_cut) { Reset(client); Reset(server); return; }
            _pairs.Add((client, server));
        }
        await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        lock (_gate) _pairs.Remove((client, server));
        Reset(client);
        Reset(server);
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var a = from.GetStream();
            var b = to.GetStream();
            int n;
            while ((n = await a.ReadAsync(buffer, _stop.Token)) > 0) await b.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        try { await _accepting; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
