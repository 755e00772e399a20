using Akka.Actor;
using Akka.Cluster.Sharding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Precog.Actors.Metrics;
using Serilog;
using Serilog.Events;
using AkkaCluster = Akka.Cluster.Cluster;
using AkkaLogLevel = Akka.Event.LogLevel;

namespace Precog.Host.Admin;

public sealed record ClusterActionView(string Action, string Address, string Outcome);

public sealed record RegionView(string Type, string Region, int Shards, int Entities, int Failed);

public sealed record RegionNodeView(string Address, int Shards, int Entities, IReadOnlyList<string> Failed);

public sealed record ShardView(string Address, string Shard, int Entities);

public sealed record ShardingStatsView(string Type, IReadOnlyList<RegionNodeView> Nodes, IReadOnlyList<ShardView> Shards);

public sealed record LogView(string Level, long Last, IReadOnlyList<LogLineView> Lines);

public sealed record LogLevelView(string Level, string Was);

/// <summary>
/// The operator's views of the runtime rather than the trading: cluster membership and its changes, the actor tree,
/// sharding, the node's log, and the Prometheus scrape (/metrics, read token like every GET).
/// </summary>
public sealed partial class AdminEndpoints
{
    /// <summary>Longest a log follower's request waits for a line before answering none.</summary>
    public static readonly TimeSpan LongestLogWait = TimeSpan.FromSeconds(25);

    private static void MapOperations(IEndpointRouteBuilder e, AdminEndpoints api)
    {
        e.MapPost("/api/cluster/{action}", (string action, HttpContext c) => api.ClusterAction(action, c));
        e.MapGet("/api/actors", (HttpContext c) => api.Actors(c));
        e.MapGet("/api/sharding", Handler(c => api.ShardingRegions(c.RequestAborted)));
        e.MapGet("/api/sharding/{type}", (string type, HttpContext c) => api.ShardingStats(type, c.RequestAborted));
        e.MapGet("/api/log", Handler(api.LogPeek));
        e.MapPost("/api/log/level", Handler(api.LogLevel));
        e.MapPrometheusScrapingEndpoint("/metrics");
        PrecogMetrics.Mailboxes(() => api.Inspector.DeepestMailboxes());
    }

    private ActorInspector Inspector => new(system);

    // ---- cluster: leave, down, join ----

    private async Task<IResult> ClusterAction(string action, HttpContext c)
    {
        if (action is not ("leave" or "down" or "join")) return Error(404, $"'{action}' is not a cluster action (leave, down or join)");
        var body = await BodyAsync(c);
        var text = body?.Address?.Trim();
        if (string.IsNullOrEmpty(text)) return Error(400, $"cluster {action} needs an address: {{\"address\": \"akka.tcp://{system.Name}@HOST:PORT\"}}");
        Address address;
        try
        {
            address = Address.Parse(text);
        }
        catch (Exception ex) when (ex is UriFormatException or ArgumentException or FormatException)
        {
            return Error(400, $"'{text}' is not an Akka address (akka.tcp://{system.Name}@HOST:PORT): {ex.Message}");
        }
        if (address.Host is null || address.Port is null) return Error(400, $"'{text}' names no host and port (akka.tcp://{system.Name}@HOST:PORT)");
        var cluster = AkkaCluster.Get(system);
        var state = cluster.State;
        if (action == "join")
        {
            if (address.System != system.Name) return Error(400, $"{address} belongs to actor system '{address.System}'; this node's is '{system.Name}'");
            if (state.Members.Any(m => m.Address == cluster.SelfAddress))
                return Error(409, $"this node ({cluster.SelfAddress}) is already a member of a cluster; a node joins once: leave it and restart the node with {address} among its seed nodes");
            Log.Information("Admin API: cluster join {Address} by {Operator}", address, Operator(body));
            cluster.Join(address);
            return Results.Json(new ClusterActionView("join", address.ToString(), "joining: watch `precog cluster show`"), AdminApi.Json, statusCode: 202);
        }
        var member = state.Members.FirstOrDefault(m => m.Address == address);
        if (member is null)
            return Error(404, $"{address} is not a member of this cluster (members: {string.Join(", ", state.Members.Select(m => m.Address.ToString()))})");
        var others = state.Members.Count(m => m.Address != address && m.Status is Akka.Cluster.MemberStatus.Up or Akka.Cluster.MemberStatus.WeaklyUp or Akka.Cluster.MemberStatus.Joining);
        if (others == 0)
            return Error(409, $"{address} is the cluster's only member: {action} would stop all trading; stop the node instead (Ctrl+C leaves the cluster gracefully)");
        Log.Information("Admin API: cluster {Action} {Address} ({Status}) by {Operator}", action, address, member.Status, Operator(body));
        if (action == "leave") cluster.Leave(address);
        else cluster.Down(address);
        return Results.Json(new ClusterActionView(action, address.ToString(), action == "leave"
            ? "leaving: its shards and singletons move to the other members, then it is removed"
            : "marked down: it is removed and its shards and singletons start elsewhere"), AdminApi.Json, statusCode: 202);
    }

    // ---- actors ----

    private IResult Actors(HttpContext c)
    {
        var path = c.Request.Query["path"].ToString() is { Length: > 0 } p ? p : "/user";
        if (!path.StartsWith('/')) return Error(400, $"'{path}' is not an actor path: give it from the root, e.g. /user or /system/sharding/market");
        var depthText = c.Request.Query["depth"].ToString();
        var depth = 3;
        if (depthText.Length > 0 && (!int.TryParse(depthText, out depth) || depth is < 0 or > 32))
            return Error(400, $"--depth {depthText} is not a whole number between 0 and 32");
        return Inspector.Tree(path, depth) is { } tree ? Ok(tree) : Error(404, $"no actor {path} on this node");
    }

    // ---- sharding ----

    private async Task<IResult> ShardingRegions(CancellationToken ct)
    {
        var sharding = ClusterSharding.Get(system);
        var regions = new List<RegionView>();
        foreach (var type in sharding.ShardTypeNames.Order(StringComparer.Ordinal))
        {
            var region = sharding.ShardRegion(type);
            var state = await Ask<CurrentShardRegionState>(region, GetShardRegionState.Instance, $"{type} shard region", ct);
            regions.Add(new RegionView(type, region.Path.ToStringWithoutAddress(), state.Shards.Count, state.Shards.Sum(s => s.EntityIds.Count), state.Failed.Count));
        }
        return Ok(regions);
    }

    private async Task<IResult> ShardingStats(string type, CancellationToken ct)
    {
        var sharding = ClusterSharding.Get(system);
        if (!sharding.ShardTypeNames.Contains(type))
            return Error(404, $"no shard region '{type}' (this node has: {string.Join(", ", sharding.ShardTypeNames.Order(StringComparer.Ordinal))})");
        var stats = await Ask<ClusterShardingStats>(sharding.ShardRegion(type), new GetClusterShardingStats(settings.AskTimeout), $"{type} shard regions of the cluster", ct);
        var nodes = stats.Regions.OrderBy(r => r.Key.ToString(), StringComparer.Ordinal)
            .Select(r => new RegionNodeView(r.Key.ToString(), r.Value.Stats.Count, r.Value.Stats.Values.Sum(), r.Value.Failed.Order(StringComparer.Ordinal).ToList())).ToList();
        var shards = stats.Regions.SelectMany(r => r.Value.Stats.Select(s => new ShardView(r.Key.ToString(), s.Key, s.Value)))
            .OrderBy(s => s.Address, StringComparer.Ordinal).ThenBy(s => s.Shard, StringComparer.Ordinal).ToList();
        return Ok(new ShardingStatsView(type, nodes, shards));
    }

    // ---- log ----

    /// <summary>The last lines (?limit=, 100), at a level and above (?level=), after a seq (?after=), waiting up to ?wait= seconds for one (follow).</summary>
    private async Task<IResult> LogPeek(HttpContext c)
    {
        var q = c.Request.Query;
        var minimum = LogEventLevel.Verbose;
        if (q["level"].ToString() is { Length: > 0 } levelText)
        {
            if (LogRing.ParseLevel(levelText) is not { } given) return Error(400, $"--level {levelText} is not a level (verbose, debug, information, warning, error, fatal)");
            minimum = given;
        }
        if (!Number(q["after"], 0, long.MaxValue, 0, out var after)) return Error(400, $"after={q["after"]} is not a log line number");
        if (!Number(q["limit"], 1, LogRing.DefaultCapacity, 100, out var limit)) return Error(400, $"limit={q["limit"]} is not between 1 and {LogRing.DefaultCapacity}");
        if (!Number(q["wait"], 0, (long)LongestLogWait.TotalSeconds, 0, out var wait)) return Error(400, $"wait={q["wait"]} is not between 0 and {LongestLogWait.TotalSeconds:0} seconds");
        var ring = NodeLogging.Ring;
        if (wait > 0) await ring.WaitAsync(after, TimeSpan.FromSeconds(wait), c.RequestAborted);
        var last = ring.Last;
        return Ok(new LogView(LogRing.Wire(NodeLogging.Level.MinimumLevel), last, ring.After(after, minimum, (int)limit)));
    }

    private async Task<IResult> LogLevel(HttpContext c)
    {
        var body = await BodyAsync(c);
        if (LogRing.ParseLevel(body?.Level) is not { } to)
            return Error(400, $"'{body?.Level}' is not a log level (verbose, debug, information, warning, error, fatal)");
        var was = NodeLogging.Level.MinimumLevel;
        NodeLogging.Level.MinimumLevel = to;
        system.EventStream.SetLogLevel(to switch
        {
            LogEventLevel.Verbose or LogEventLevel.Debug => AkkaLogLevel.DebugLevel,
            LogEventLevel.Information => AkkaLogLevel.InfoLevel,
            LogEventLevel.Warning => AkkaLogLevel.WarningLevel,
            _ => AkkaLogLevel.ErrorLevel,
        });
        // written at the new level when it is above information, so the change itself is always in the log
        Log.Write(to > LogEventLevel.Information ? to : LogEventLevel.Information, "Admin API: log level {Was} -> {Level} by {Operator}",
            LogRing.Wire(was), LogRing.Wire(to), Operator(body));
        return Ok(new LogLevelView(LogRing.Wire(to), LogRing.Wire(was)));
    }

    private static bool Number(Microsoft.Extensions.Primitives.StringValues text, long min, long max, long fallback, out long value)
    {
        value = fallback;
        if (text.Count == 0 || text.ToString().Length == 0) return true;
        return long.TryParse(text.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }
}
