using System.Diagnostics;

namespace Precog.Tests;

/// <summary>How a test takes the database away from a node and gives it back.</summary>
public interface IDatabaseOutage : IAsyncDisposable
{
    /// <summary>What the node is given to connect with.</summary>
    string Through(string connectionString);

    Task CutAsync();

    Task RestoreAsync();
}

/// <summary>
/// The real outage: the PostgreSQL server itself stopped (fast shutdown) and started again, through scripts/postgres.sh.
/// Every database on it goes, so only a run that has the server to itself may use it (scripts/chaos.sh's long run, with
/// PRECOG_OUTAGE=server); the relay (<see cref="OutageProxy"/>) is the shared-server version.
/// </summary>
public sealed class ServerOutage : IDatabaseOutage
{
    public const string Variable = "PRECOG_OUTAGE";

    private bool _down;

    /// <summary>The real server when PRECOG_OUTAGE=server, else the relay in front of it.</summary>
    public static IDatabaseOutage ForTest(string connectionString) =>
        Environment.GetEnvironmentVariable(Variable) switch
        {
            "server" => new ServerOutage(),
            null or "" or "relay" => OutageProxy.For(connectionString),
            var other => throw new InvalidOperationException($"{Variable}={other}: expected 'server' or 'relay'"),
        };

    public string Through(string connectionString) => connectionString;

    public async Task CutAsync()
    {
        _down = true;
        await RunAsync("stop");
    }

    public async Task RestoreAsync()
    {
        await RunAsync();
        _down = false;
        Npgsql.NpgsqlConnection.ClearAllPools(); // this process's pooled connections died with the server
    }

    private static async Task RunAsync(params string[] args)
    {
        var script = Path.Combine(SharedData.Checkout, "scripts", "postgres.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {script}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(patience.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} {string.Join(' ', args)} exited {process.ExitCode}: {await error}");
        await output;
    }

    /// <summary>A server left stopped by a failing test is started again, for whatever runs next.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_down) await RestoreAsync();
    }
}
