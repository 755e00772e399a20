using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Precog.Actors.Hosting;
using Precog.Host.Admin;
using Serilog;

namespace Precog.Host.Dashboard;

/// <summary>
/// What the dashboard shows, gathered once a second for every browser at once and pushed to each as Server-Sent
/// Events. It reads the node through its own admin API with the read token (the answers operators and scripts get,
/// from the live actors), adds the shards each cluster member hosts, and keeps what a page opened later still needs:
/// the mark and trailing stop of each open position over time (its sparkline) and each strategy version's realized
/// and unrealized P&amp;L over the day. Times are the node's clock (the game day's virtual clock on a simulated node).
/// Money stays decimal here; the page turns it into numbers only to draw.
/// </summary>
public sealed class DashboardFeed(
    IServer server, IHostApplicationLifetime lifetime, AdminSettings admin, EngineOptions engine, ActorRegistry registry)
    : BackgroundService
{
    /// <summary>How often the page's picture is refreshed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Points kept per sparkline and per P&amp;L line; past it every second point goes (the whole day stays, coarser).</summary>
    public const int MaxPoints = 600;

    private const int EdgesPerStrategy = 6, AlertsShown = 12, MarketsAsked = 12, ShardsEvery = 5;

    private readonly Dictionary<string, List<JsonArray>> _marks = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, List<JsonArray>> _pnl = new(StringComparer.Ordinal);
    private JsonArray _shards = [];
    private long _ticks;
    private long? _firstTick;

    private readonly Lock _gate = new();
    private string? _latest;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The latest picture as JSON (null before the first).</summary>
    public string? Latest { get { lock (_gate) return _latest; } }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        var url = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (url is null)
        {
            Log.Error("Dashboard: Kestrel reports no address; the dashboard has nothing to read from");
            return;
        }
        Log.Information("Dashboard: open {Url}{Path} and log in once with the read token (to watch) or the write token (to trip and reset breakers, acknowledge alerts) from {TokenFile}",
            url, DashboardMiddleware.Path, admin.TokenFile);

        var read = AdminTokens.Parse(File.ReadAllLines(admin.TokenFile)).GetValueOrDefault("read") ?? "";
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = admin.AskTimeout + TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", read);
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                Publish(await GatherAsync(http, stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.Warning("Dashboard: could not gather the node's state: {Reason}", e.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Streams the pictures to one browser until it goes: its scope first, then each new picture as one event.</summary>
    public async Task StreamAsync(HttpContext ctx, AdminScope scope)
    {
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-store";
        ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        var ct = ctx.RequestAborted;
        await WriteEventAsync(ctx, "session", JsonSerializer.Serialize(new { scope = scope.ToString().ToLowerInvariant() }), ct);
        string? sent = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                Task next;
                string? latest;
                lock (_gate) (next, latest) = (_next.Task, _latest);
                if (latest is not null && !ReferenceEquals(latest, sent))
                {
                    await WriteEventAsync(ctx, "snapshot", latest, ct);
                    sent = latest;
                }
                // a comment now and then keeps proxies and idle timeouts from closing a quiet stream
                if (await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(15), ct)) != next) await ctx.Response.WriteAsync(": idle\n\n", ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the browser left
        }
    }

    private static async Task WriteEventAsync(HttpContext ctx, string name, string data, CancellationToken ct)
    {
        await ctx.Response.WriteAsync($"event: {name}\ndata: {data}\n\n", Encoding.UTF8, ct);
        await ctx.Response.Body.FlushAsync(ct);
    }

    private void Publish(JsonObject picture)
    {
        var json = picture.ToJsonString(AdminApi.Json);
        lock (_gate)
        {
            _latest = json;
            var done = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            done.TrySetResult();
        }
    }

    private async Task<JsonObject> GatherAsync(HttpClient http, CancellationToken ct)
    {
        var errors = new JsonArray();
        async Task<JsonNode?> Get(string path)
        {
            try
            {
                using var response = await http.GetAsync(path, ct);
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
                if (response.IsSuccessStatusCode) return body;
                errors.Add($"{path}: {(int)response.StatusCode} {body?["error"]}");
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                errors.Add($"{path}: {e.Message}");
            }
            return null;
        }

        var now = engine.Time.GetUtcNow();
        var t = now.ToUnixTimeMilliseconds();
        var (cluster, positions, breakers, alerts, strategies, markets) =
            (Get("/api/cluster"), Get("/api/positions"), Get("/api/breakers"), Get("/api/alerts"), Get("/api/strategies"), Get("/api/markets?active=true"));
        await Task.WhenAll(cluster, positions, breakers, alerts, strategies, markets);
        if (_ticks++ % ShardsEvery == 0) _shards = await ShardsAsync(errors, ct);

        var all = (await positions as JsonArray ?? []).OfType<JsonObject>().ToList();
        var open = all.Where(p => (string?)p["status"] == "open").ToList();
        var details = await Task.WhenAll(open.Select(p => Get($"/api/positions/{p["id"]}")));
        var openViews = new JsonArray();
        for (var i = 0; i < open.Count; i++) openViews.Add(OpenPosition(open[i], details[i] as JsonObject, t));
        foreach (var gone in _marks.Keys.Except(open.Select(p => (string)p["id"]!)).ToList()) _marks.Remove(gone);

        return new JsonObject
        {
            ["at"] = now,
            ["cluster"] = (await cluster)?.DeepClone() is JsonObject c ? WithShards(c) : null,
            ["positions"] = openViews,
            ["closed"] = all.Count - open.Count,
            ["pnl"] = Pnl(all, await strategies as JsonArray ?? [], t),
            ["edges"] = await EdgesAsync(await markets as JsonArray ?? [], Get),
            ["breakers"] = (await breakers)?.DeepClone(),
            ["alerts"] = new JsonArray((await alerts as JsonArray ?? []).OfType<JsonObject>()
                .OrderByDescending(a => (DateTimeOffset?)a["raised_at"]).Take(AlertsShown).Select(a => (JsonNode)a.DeepClone()).ToArray()),
            ["strategies"] = (await strategies)?.DeepClone(),
            ["errors"] = errors,
        };
    }

    /// <summary>One open position as its row shows it: the summary, the trailing stop, the exit's state in words, and its marks so far.</summary>
    private JsonObject OpenPosition(JsonObject summary, JsonObject? detail, long t)
    {
        var row = (JsonObject)summary.DeepClone();
        var trailing = detail?["trailing"] as JsonObject;
        var stop = trailing?["active"]?.GetValue<bool>() == true ? trailing["stop"]?.GetValue<decimal?>() : null;
        row["trailing_stop"] = stop;
        row["exit_state"] = ExitState(detail?["exit"] as JsonObject, summary["trailing_active"]?.GetValue<bool>() == true);
        var id = (string)summary["id"]!;
        if (!_marks.TryGetValue(id, out var marks)) _marks[id] = marks = [];
        if (summary["mark"]?.GetValue<decimal?>() is { } mark) Add(marks, [t, mark, stop]);
        row["marks"] = new JsonArray(marks.Select(m => (JsonNode)m.DeepClone()).ToArray());
        return row;
    }

    /// <summary>idle; trailing (armed, no exit yet); the exit's condition with attempt N at its limit; walking (a later limit attempt); escalated (a market order, or a higher-priority exit waiting).</summary>
    public static string ExitState(JsonObject? exit, bool trailing)
    {
        if (exit is null) return trailing ? "idle, trailing stop armed" : "idle";
        var condition = (string?)exit["condition"];
        var attempt = exit["attempt"] as JsonObject;
        if (exit["preempting"] is { } preempting) return $"escalated: {condition} gives way to {preempting}";
        if (attempt is null) return $"{condition}: deciding";
        var n = attempt["number"]?.GetValue<int>() ?? 0;
        var at = attempt["limit"]?.GetValue<decimal>().ToString("0.00", CultureInfo.InvariantCulture);
        var phase = (string?)attempt["phase"];
        if ((string?)attempt["order_type"] == "market") return $"escalated: {condition}, market order (attempt {n}, {phase})";
        return n <= 1 ? $"{condition}: attempt {n} at {at} ({phase})" : $"walking: {condition}, attempt {n} at {at} ({phase})";
    }

    /// <summary>
    /// Each strategy version's realized and unrealized P&amp;L now, and both over the day: every version the catalog
    /// holds (one without positions is at zero) and every version a position names, sampled at the same ticks.
    /// </summary>
    private JsonArray Pnl(List<JsonObject> all, JsonArray catalog, long t)
    {
        var now = all.GroupBy(p => (string?)p["strategy"] ?? "").ToDictionary(g => g.Key, g => (
            Realized: g.Sum(p => p["realized"]?.GetValue<decimal>() ?? 0m),
            Unrealized: g.Sum(p => p["unrealized"]?.GetValue<decimal?>() ?? 0m)), StringComparer.Ordinal);
        foreach (var v in catalog.OfType<JsonObject>().Where(v => (string?)v["kind"] == "strategy"))
            now.TryAdd($"{v["name"]} {v["version"]}", (0m, 0m));
        _firstTick ??= t;
        foreach (var (strategy, (realized, unrealized)) in now)
        {
            // a version first seen later was at zero since the dashboard began watching: its line starts there
            if (!_pnl.TryGetValue(strategy, out var points)) _pnl[strategy] = points = t > _firstTick ? [[_firstTick, 0m, 0m]] : [];
            Add(points, [t, realized, unrealized]);
        }
        return new JsonArray(_pnl.Select(s => (JsonNode)new JsonObject
        {
            ["strategy"] = s.Key,
            ["realized"] = now.TryGetValue(s.Key, out var n) ? n.Realized : 0m,
            ["unrealized"] = now.TryGetValue(s.Key, out var m) ? m.Unrealized : 0m,
            ["points"] = new JsonArray(s.Value.Select(p => (JsonNode)p.DeepClone()).ToArray()),
        }).ToArray());
    }

    /// <summary>The markets with the largest edges, per strategy version, each with its game's score and clock.</summary>
    private static async Task<JsonArray> EdgesAsync(JsonArray markets, Func<string, Task<JsonNode?>> get)
    {
        var asked = markets.OfType<JsonObject>().Where(m => m["best_edge"] is not null)
            .OrderByDescending(m => m["best_edge"]!.GetValue<decimal>()).Take(MarketsAsked).ToList();
        var details = await Task.WhenAll(asked.Select(m => get($"/api/markets/{Uri.EscapeDataString((string)m["ticker"]!)}")));
        var rows = details.OfType<JsonObject>().SelectMany(d => (d["edges"] as JsonArray ?? []).OfType<JsonObject>().Select(e => new JsonObject
        {
            ["strategy"] = (string?)e["strategy"],
            ["ticker"] = (string?)d["market"]?["ticker"],
            ["side"] = (string?)e["side"],
            ["edge"] = e["edge"]?.GetValue<decimal>(),
            ["model_probability"] = e["model_probability"]?.GetValue<decimal>(),
            ["market_price"] = e["market_price"]?.GetValue<decimal>(),
            ["confidence"] = (string?)e["confidence"],
            ["game"] = d["game_state"]?.DeepClone(),
        }));
        return new JsonArray(rows.GroupBy(r => (string?)r["strategy"] ?? "").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (JsonNode)new JsonObject
        {
            ["strategy"] = g.Key,
            ["markets"] = new JsonArray(g.OrderByDescending(r => r["edge"]?.GetValue<decimal>() ?? decimal.MinValue).Take(EdgesPerStrategy).Select(r => (JsonNode)r).ToArray()),
        }).ToArray());
    }

    private JsonObject WithShards(JsonObject cluster)
    {
        cluster["shards"] = _shards.DeepClone();
        return cluster;
    }

    /// <summary>Per cluster member, per shard region: how many shards and entities it hosts (what the cluster's sharding reports).</summary>
    private async Task<JsonArray> ShardsAsync(JsonArray errors, CancellationToken ct)
    {
        var regions = new (string Name, Func<Task<IActorRef>> Region)[]
        {
            ("markets", () => registry.GetAsync<MarketRegion>(ct)), ("games", () => registry.GetAsync<GameRegion>(ct)),
            ("positions", () => registry.GetAsync<PositionRegion>(ct)), ("breakers", () => registry.GetAsync<BreakerRegion>(ct)),
        };
        var byMember = new SortedDictionary<string, JsonArray>(StringComparer.Ordinal);
        foreach (var (name, region) in regions)
        {
            try
            {
                var stats = await (await region()).Ask<ClusterShardingStats>(new GetClusterShardingStats(admin.AskTimeout), admin.AskTimeout + TimeSpan.FromSeconds(1), ct);
                foreach (var (address, member) in stats.Regions)
                {
                    var key = address.ToString();
                    if (!byMember.TryGetValue(key, out var list)) byMember[key] = list = [];
                    list.Add(new JsonObject { ["region"] = name, ["shards"] = member.Stats.Count, ["entities"] = member.Stats.Values.Sum() });
                }
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                errors.Add($"{name} shard statistics: {e.Message}");
            }
        }
        return new JsonArray(byMember.Select(m => (JsonNode)new JsonObject { ["address"] = m.Key, ["regions"] = m.Value }).ToArray());
    }

    /// <summary>Appends a point, halving the list (every second point) when it is full.</summary>
    private static void Add(List<JsonArray> points, JsonArray point)
    {
        points.Add(point);
        if (points.Count <= MaxPoints) return;
        var kept = points.Where((_, i) => i % 2 == 1 || i == points.Count - 1).ToList();
        points.Clear();
        points.AddRange(kept);
    }
}
