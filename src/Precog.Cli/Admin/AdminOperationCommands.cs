using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Precog.Cli;

// The verbs of the runtime rather than the trading: cluster membership, the actor tree, sharding, the node's log.
public static partial class AdminCommands
{
    private static Command Cluster(CliConsole console)
    {
        Command Change(string verb, string description)
        {
            var address = new Argument<string>("ADDRESS") { Description = "A member's address as `precog cluster show` prints it, e.g. akka.tcp://precog@127.0.0.1:4053" };
            return Verb(console, verb, description, (r, c) => c.Post($"/api/cluster/{verb}", new { Address = r.GetValue(address)!.Trim(), By = Environment.UserName }),
                Tables.Detail, address);
        }
        return new Command("cluster", "The cluster the node belongs to")
        {
            Verb(console, "show", "Members, status, roles, leader, unreachable", (_, c) => c.Get("/api/cluster"), Tables.Cluster),
            Change("leave", "Ask a member to leave gracefully: its shards and singletons move to the others"),
            Change("down", "Mark a member down (an unreachable one that will not come back): it is removed, its shards start elsewhere"),
            Change("join", "Make this node (one not yet in a cluster) join the cluster of ADDRESS"),
        };
    }

    private static Command Actors(CliConsole console)
    {
        var path = new Argument<string>("PATH") { Description = "Where the tree starts, e.g. /user or /system/sharding/position", DefaultValueFactory = _ => "/user" };
        var depth = new Option<int>("--depth") { Description = "Levels below PATH to show (0-32)", DefaultValueFactory = _ => 3 };
        return new Command("actors", "This node's live actor hierarchy")
        {
            Verb(console, "tree", "Actors under PATH with their child counts and mailbox depths",
                (r, c) => c.Get($"/api/actors?path={Uri.EscapeDataString(r.GetValue(path)!.Trim())}&depth={r.GetValue(depth)}"), Tables.ActorTree, path, depth),
        };
    }

    private static Command Sharding(CliConsole console)
    {
        var type = new Argument<string>("TYPE") { Description = "The entity type, e.g. market, position, breaker, game" };
        return new Command("sharding", "Cluster sharding: regions, shards and entities")
        {
            Verb(console, "regions", "This node's shard regions with their shards and entities", (_, c) => c.Get("/api/sharding"),
                Tables.Rows(("type", "type"), ("region", "region"), ("shards", "shards"), ("entities", "entities"), ("failed", "failed"))),
            Verb(console, "stats", "Shards and entities of TYPE per node of the cluster", (r, c) => c.Get($"/api/sharding/{Segment(r.GetValue(type)!)}"), Tables.ShardingStats, type),
        };
    }

    private static Command LogCommand(CliConsole console)
    {
        var (json, node, tokenFile, dataDir) = Common();
        var level = new Option<string?>("--level") { Description = "Only lines at this level and above (verbose, debug, information, warning, error, fatal)" };
        var lines = new Option<int>("--lines") { Description = "How many of the last lines (1-2000)", DefaultValueFactory = _ => 100 };
        var follow = new Option<bool>("--follow") { Description = "Keep printing lines as the node logs them (Ctrl+C stops)" };
        var peek = new Command("peek", "The node's last log lines, from its in-memory ring") { json, node, tokenFile, dataDir, level, lines, follow };
        peek.SetAction(async (r, ct) =>
        {
            if (r.GetValue(level) is { } l && !LogLevels.Contains(l.Trim().ToLowerInvariant()))
                throw new CliInputException($"--level {l} is not a level ({string.Join(", ", LogLevels)})");
            if (r.GetValue(lines) is < 1 or > 2000) throw new CliInputException($"--lines {r.GetValue(lines)} is not between 1 and 2000");
            var client = new AdminClient(AdminTarget.Resolve(r.GetValue(node), r.GetValue(tokenFile), r.GetValue(dataDir)!));
            var filter = r.GetValue(level) is { } lv ? $"&level={Uri.EscapeDataString(lv.Trim())}" : "";
            var answer = client.Get($"/api/log?limit={r.GetValue(lines)}{filter}");
            PrintLog(console, answer, r.GetValue(json), follow: r.GetValue(follow));
            while (r.GetValue(follow) && !ct.IsCancellationRequested)
            {
                var after = answer.GetProperty("last").GetInt64();
                answer = await Task.Run(() => client.Get($"/api/log?after={after}&wait=20&limit=2000{filter}"), ct);
                PrintLog(console, answer, r.GetValue(json), follow: true);
            }
            return PrecogCli.Ok;
        });
        var to = new Argument<string>("LEVEL") { Description = "verbose, debug, information, warning, error or fatal" };
        to.AcceptOnlyFromAmong([.. LogLevels]);
        return new Command("log", "The node's log")
        {
            peek,
            Verb(console, "level", "Set the node's minimum log level while it runs (Serilog and Akka's own)",
                (r, c) => c.Post("/api/log/level", new { Level = r.GetValue(to), By = Environment.UserName }), Tables.Detail, to),
        };
    }

    private static readonly string[] LogLevels = ["verbose", "debug", "information", "warning", "error", "fatal"];

    /// <summary>Lines as "time LVL message"; with --json the API's answer, or one JSON line per log line when following.</summary>
    private static void PrintLog(CliConsole console, JsonElement answer, bool json, bool follow)
    {
        if (json && !follow)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(answer, Indented));
            return;
        }
        foreach (var line in answer.GetProperty("lines").EnumerateArray())
        {
            if (json)
            {
                console.Out.WriteLine(line.GetRawText());
                continue;
            }
            var at = line.GetProperty("at").GetDateTimeOffset().ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            var lvl = line.GetProperty("level").GetString()!;
            var exception = line.TryGetProperty("exception", out var x) && x.ValueKind == JsonValueKind.String ? $" ({x.GetString()})" : "";
            console.Out.WriteLine($"{at} {lvl[..Math.Min(3, lvl.Length)].ToUpperInvariant()} {line.GetProperty("message").GetString()}{exception}");
        }
        console.Out.Flush();
    }

    private static partial class Tables
    {
        public static void ActorTree(CliConsole console, JsonElement tree)
        {
            var table = new Table().Border(TableBorder.Simple).AddColumns("actor", "children", "mailbox", "type");
            foreach (var n in tree.GetProperty("nodes").EnumerateArray())
            {
                var path = n.GetProperty("path").GetString()!;
                var depth = n.GetProperty("depth").GetInt32();
                var name = depth == 0 ? path : new string(' ', 2 * depth) + path[(path.LastIndexOf('/') + 1)..];
                table.AddRow(Markup.Escape(name), n.GetProperty("children").GetInt32().ToString(CultureInfo.InvariantCulture),
                    n.GetProperty("mailbox").GetInt32().ToString(CultureInfo.InvariantCulture), Markup.Escape(Text(n.GetProperty("type"))));
            }
            CliRendering.Write(console, table);
            console.Out.WriteLine($"{tree.GetProperty("actors").GetInt32()} actors{(tree.GetProperty("truncated").GetBoolean() ? " (stopped at the limit: give a deeper PATH or a smaller --depth)" : "")}");
        }

        public static void ShardingStats(CliConsole console, JsonElement stats)
        {
            console.Out.WriteLine($"type {Text(stats.GetProperty("type"))}");
            Rows(("node", "address"), ("shards", "shards"), ("entities", "entities"), ("failed", "failed"))(console, stats.GetProperty("nodes"));
        }
    }
}
