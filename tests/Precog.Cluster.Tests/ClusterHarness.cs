using System.Net.Http.Json;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Npgsql;
using Precog.Host.Tests;
using Precog.Testing.FakeKalshi;

namespace Precog.Cluster.Tests;

/// <summary>
/// Nodes of one cluster as real processes (src/Precog.Host, <c>--cluster</c>) on loopback ports, sharing one PostgreSQL
/// database of their own and one venue: the fake Kalshi in this process, which every node reaches over HTTP and
/// WebSocket with <c>--exchange kalshi-demo</c>. Its order log is the witness. Each node's admin API (its URL and token
/// from its data folder) shows what lives on that node.
/// </summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    public const string KeyId = "7a0e4d1c-2b3f-4c5d-9e6f-8a7b6c5d4e3f";

    private readonly string _dir = Directory.CreateTempSubdirectory("precog-cluster-").FullName;
    private readonly RSA _key = RSA.Create(2048);
    private readonly PostgresDatabase _database = new();
    private readonly List<ClusterNodeProcess> _nodes = [];
    private readonly int[] _seedPorts = [FreePort(), FreePort(), FreePort()];

    public FakeKalshiServer Fake { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    /// <summary>
    /// The three first nodes' addresses: a node (a restarted one too) joins through whichever answers. A node that is not
    /// the first seed asks only the other seeds, so the seeds must include a node that is up whenever one (re)joins.
    /// </summary>
    public IReadOnlyList<string> Seeds => _seedPorts.Select(p => $"akka.tcp://precog@127.0.0.1:{p}").ToList();

    public static async Task<ClusterHarness> StartAsync()
    {
        var h = new ClusterHarness();
        await h._database.InitializeAsync();
        h.ConnectionString = new NpgsqlConnectionStringBuilder(h._database.ConnectionString) { MaxPoolSize = 12 }.ConnectionString;
        h.Fake = await FakeKalshiServer.StartAsync(FakeKalshiOptions.For(h._key, KeyId));
        return h;
    }

    /// <summary>
    /// Starts a node: the next seed's port for the first three, a free port otherwise (or the port it
    /// had, when restarted), with its own data folder (logs, admin token), the shared database and venue.
    /// </summary>
    /// <param name="discover">No --seed: the node finds the three seeds through Akka.Discovery's config method (precog.cluster.discovery).</param>
    public ClusterNodeProcess Start(string name, string roles, int? port = null, bool discover = false)
    {
        var index = _nodes.Count(n => n.Name == name) == 0 ? _nodes.Select(n => n.Name).Distinct().Count() : -1;
        var p = port ?? _nodes.LastOrDefault(n => n.Name == name)?.Port ?? (index is >= 0 and < 3 ? _seedPorts[index] : FreePort());
        var data = Path.Combine(_dir, name);
        if (File.Exists(Path.Combine(data, "admin.url"))) File.Delete(Path.Combine(data, "admin.url")); // a killed node leaves its URL behind
        string[] seeds = discover ? [] : [.. Seeds.SelectMany(s => new[] { "--seed", s })];
        var process = NodeProcess.Start(Environment(), ["--data-dir", data, "--exchange", "kalshi-demo", "--config", ConfigFile(discover), "--db", ConnectionString,
            "--cluster", "--port", p.ToString(System.Globalization.CultureInfo.InvariantCulture), "--roles", roles, .. seeds]);
        var node = new ClusterNodeProcess(name, p, data, process);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Every node's output, for a failure's message: what they were doing says why.</summary>
    public string Output() => string.Join("\n", _nodes.Select(n => $"--- {n.Name} (port {n.Port}) ---\n{Tail(n.Process.Out)}\n{Tail(n.Process.Err)}"));

    public IEnumerable<string> AllOutput() => _nodes.Select(n => n.Process.Out + n.Process.Err);

    private static string Tail(string text) => text.Length <= 6000 ? text : "…" + text[^6000..];

    public async Task<T> QueryAsync<T>(string sql)
    {
        await using var db = new NpgsqlConnection(_database.ConnectionString);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, db);
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Dictionary<string, string> Environment()
    {
        return KalshiKeyFile.Environment(_key, KeyId, Path.Combine(_dir, "kalshi-key.pem"));
    }

    /// <summary>
    /// The fake's addresses, markets listed every second, no ESPN (markets on their tickers' pregame games), two positions
    /// a game (one per strategy version), and exits kept to the stops: no partial exits, no profit target, no early exit,
    /// no exit for a wide spread, a trailing stop active from +5%.
    /// </summary>
    private string ConfigFile(bool discover = false)
    {
        var path = Path.Combine(_dir, discover ? "precog-discovery.conf" : "precog.conf");
        var discovery = discover
            ? $"precog.cluster.discovery {{ method = config, endpoints = [{string.Join(", ", _seedPorts.Select(p => $"\"127.0.0.1:{p}\""))}] }}\n"
            : "";
        if (!File.Exists(path))
            File.WriteAllText(path, discovery + $$"""
                precog.kalshi {
                  base-url = "{{Fake.BaseUrl}}"
                  stream-url = "{{Fake.WebSocketUrl}}"
                  market-refresh = 1s
                }
                precog.espn.enabled = off
                precog.admin.ask-timeout = 1s
                precog.trading {
                  sizing.max-positions-per-game = 2
                  trailing-stop.activation = 0.05
                  exits {
                    partial-exits-enabled = off
                    profit-target { high = 5, medium = 5, low = 5 }
                    early-exit-edge = 0
                    liquidity-max-spread = 0.5
                  }
                }
                """);
        return path;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var n in _nodes) await n.DisposeAsync();
        await Fake.DisposeAsync();
        await _database.DisposeAsync();
        _key.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>One node process and its admin API.</summary>
public sealed class ClusterNodeProcess(string name, int port, string dataDirectory, NodeProcess process) : IAsyncDisposable
{
    private HttpClient? _http;

    public string Name { get; } = name;
    public int Port { get; } = port;
    public NodeProcess Process { get; } = process;
    public string Address => $"akka.tcp://precog@127.0.0.1:{Port}";

    /// <summary>GET a path of the node's admin API (read token); null while the node does not answer.</summary>
    public async Task<JsonNode?> GetAsync(string path)
    {
        try
        {
            var http = _http ??= await ClientAsync();
            if (http is null) return null;
            using var response = await http.GetAsync(path);
            if (!response.IsSuccessStatusCode) return null;
            return JsonNode.Parse(await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>POSTs a JSON body to the node's admin API with the write token, as an operator's verb does; the status and answer.</summary>
    public async Task<(int Status, string Body)> PostAsync(string path, object body)
    {
        var url = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "admin.url"))).Trim();
        var write = (await File.ReadAllLinesAsync(Path.Combine(dataDirectory, "admin.token"))).First(l => l.StartsWith("write=", StringComparison.Ordinal))["write=".Length..];
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", write);
        using var response = await http.PostAsJsonAsync(path, body);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The ids of the positions whose entities live on this node (its shard region), null while it does not answer.</summary>
    public async Task<IReadOnlyList<string>?> PositionIdsAsync() =>
        (await GetAsync("/api/positions"))?.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToList();

    /// <summary>Members the node sees as up.</summary>
    public async Task<IReadOnlyList<string>> UpMembersAsync() =>
        (await GetAsync("/api/cluster"))?["members"]?.AsArray().Where(m => m!["status"]!.GetValue<string>() == "up" && m["reachable"]!.GetValue<bool>())
            .Select(m => m!["address"]!.GetValue<string>()).ToList() ?? [];

    /// <summary>
    /// The nodes whose shard region of the type has registered with the type's coordinator (`sharding stats TYPE`):
    /// a member is Up before its regions register, and shards allocated meanwhile all go to the others.
    /// </summary>
    public async Task<IReadOnlyList<string>> RegionNodesAsync(string type) =>
        (await GetAsync($"/api/sharding/{type}"))?["nodes"]?.AsArray().Select(n => n!["address"]!.GetValue<string>()).ToList() ?? [];

    private async Task<HttpClient?> ClientAsync()
    {
        var url = Path.Combine(dataDirectory, "admin.url");
        var tokens = Path.Combine(dataDirectory, "admin.token");
        if (!File.Exists(url) || !File.Exists(tokens)) return null;
        var read = (await File.ReadAllLinesAsync(tokens)).FirstOrDefault(l => l.StartsWith("read=", StringComparison.Ordinal))?["read=".Length..];
        var baseUrl = (await File.ReadAllTextAsync(url)).Trim();
        if (read is null || baseUrl.Length == 0) return null;
        var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", read);
        return http;
    }

    /// <summary>Forgets the admin client (a restarted node has a new URL).</summary>
    public void Reconnect()
    {
        _http?.Dispose();
        _http = null;
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        await Process.DisposeAsync();
    }
}
