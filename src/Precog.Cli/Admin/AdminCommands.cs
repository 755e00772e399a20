using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Precog.Cli;

/// <summary>
/// The operator's remote control: verbs over a node's admin API, each printing a table (or the API's JSON with
/// --json), finding the node through --node or DATA-DIR/admin.url and its token through --token-file or DATA-DIR/admin.token.
/// </summary>
public static partial class AdminCommands
{
    public static IEnumerable<Command> Build(CliConsole console)
    {
        yield return Cluster(console);
        yield return Actors(console);
        yield return Sharding(console);
        yield return LogCommand(console);
        var open = new Option<bool>("--open") { Description = "Only positions still open" };
        yield return Verb(console, "positions", "Positions, with entry, mark and P&L", (r, c) => c.Get(r.GetValue(open) ? "/api/positions?open=true" : "/api/positions"), Tables.Rows(
            ("id", "id"), ("ticker", "ticker"), ("side", "side"), ("status", "status"), ("strategy", "strategy"), ("entry", "entry"), ("held", "held"),
            ("mark", "mark"), ("realized", "realized"), ("p&l", "pnl"), ("trailing", "trailing_active"), ("exit", "exit")), open);
        var positionId = new Argument<string>("ID") { Description = "The position's id (a UUID)" };
        yield return Verb(console, "position", "One position: entry, fills, mark, P&L, trailing stop, the exit machine and its attempts",
            (r, c) => c.Get($"/api/positions/{Segment(r.GetValue(positionId)!)}"), Tables.Detail, positionId);
        var active = new Option<bool>("--active") { Description = "Only markets open for trading" };
        yield return Verb(console, "markets", "Markets with their book top and best edge", (r, c) => c.Get(r.GetValue(active) ? "/api/markets?active=true" : "/api/markets"),
            Tables.Rows(("ticker", "ticker"), ("status", "status"), ("yes bid", "yes_bid"), ("yes ask", "yes_ask"), ("stale", "stale"), ("game", "game"), ("best edge", "best_edge")), active);
        var ticker = new Argument<string>("TICKER") { Description = "The market's ticker" };
        yield return Verb(console, "market", "One market: book, edges per strategy/model version, linked game", (r, c) => c.Get($"/api/markets/{Segment(r.GetValue(ticker)!)}"), Tables.Detail, ticker);
        yield return Verb(console, "breakers", "Every breaker's state, and whether entries are admitted", (_, c) => c.Get("/api/breakers"), Tables.Breakers);
        yield return Breaker(console);
        var state = new Argument<string>("STATE") { Description = "on (stop every new order) or off" };
        state.AcceptOnlyFromAmong("on", "off");
        var killReason = new Option<string?>("--reason") { Description = "Why (recorded with the breaker's event and alert)" };
        yield return Verb(console, "killswitch", "The manual breaker: on stops every new order, off lets trading resume",
            (r, c) => c.Post("/api/killswitch", new { State = r.GetValue(state), Reason = r.GetValue(killReason), By = Environment.UserName }), Tables.Detail, state, killReason);
        var unresolved = new Option<bool>("--unresolved") { Description = "Only alerts not yet resolved" };
        yield return Verb(console, "alerts", "This node's alerts", (r, c) => c.Get(r.GetValue(unresolved) ? "/api/alerts?unresolved=true" : "/api/alerts"),
            Tables.Rows(("id", "id"), ("raised", "raised_at"), ("severity", "severity"), ("status", "status"), ("type", "type"), ("component", "component"), ("message", "message")), unresolved);
        yield return Alert(console);
        yield return Verb(console, "strategies", "Strategy and model versions with their status", (_, c) => c.Get("/api/strategies"),
            Tables.Rows(("kind", "kind"), ("name", "name"), ("version", "version"), ("type", "type"), ("status", "status"), ("since", "since"), ("config hash", "config_hash")));
        yield return Strategy(console);
        yield return Health(console);
    }

    private static Command Breaker(CliConsole console)
    {
        var id = new Argument<string>("KIND/SCOPE") { Description = "e.g. manual/global, api_failures/kalshi, data_stale/nfl" };
        var reason = new Option<string>("--reason") { Description = "Why (recorded with the breaker's event and alert)", Required = true };
        var resetId = new Argument<string>("KIND/SCOPE") { Description = "e.g. consecutive_losses/global" };
        var resetReason = new Option<string?>("--reason") { Description = "Why (recorded with the breaker's event and alert)" };
        return new Command("breaker", "Trip or reset one breaker")
        {
            Verb(console, "trip", "Trip a breaker by hand", (r, c) => c.Post($"/api/breakers/{BreakerPath(r.GetValue(id)!)}/trip",
                new { Reason = r.GetValue(reason), By = Environment.UserName }), Tables.Detail, id, reason),
            Verb(console, "reset", "Reset a breaker by hand", (r, c) => c.Post($"/api/breakers/{BreakerPath(r.GetValue(resetId)!)}/reset",
                new { Reason = r.GetValue(resetReason), By = Environment.UserName }), Tables.Detail, resetId, resetReason),
        };
    }

    private static Command Alert(CliConsole console)
    {
        var ackId = new Argument<string>("ID") { Description = "The alert's id" };
        var resolveId = new Argument<string>("ID") { Description = "The alert's id" };
        var action = new Option<string>("--action") { Description = "fixed, false_positive, ignored or escalated", Required = true };
        action.AcceptOnlyFromAmong("fixed", "false_positive", "ignored", "escalated");
        return new Command("alert", "Acknowledge or resolve one alert")
        {
            Verb(console, "ack", "Acknowledge an alert", (r, c) => c.Post($"/api/alerts/{Segment(r.GetValue(ackId)!)}/ack", new { By = Environment.UserName }), Tables.Detail, ackId),
            Verb(console, "resolve", "Resolve an alert", (r, c) => c.Post($"/api/alerts/{Segment(r.GetValue(resolveId)!)}/resolve",
                new { Action = r.GetValue(action), By = Environment.UserName }), Tables.Detail, resolveId, action),
        };
    }

    private static Command Strategy(CliConsole console)
    {
        Command Change(string verb, string description)
        {
            var name = new Argument<string>("NAME") { Description = "The strategy's name, e.g. nfl_value" };
            var version = new Argument<string>("VERSION") { Description = "Its version, e.g. v1.1" };
            return Verb(console, verb, description, (r, c) => c.Post($"/api/strategies/{Segment(r.GetValue(name)!)}/{Segment(r.GetValue(version)!)}/{verb}", null),
                Tables.Detail, name, version);
        }
        return new Command("strategy", "Change a strategy version's status (configs are immutable)")
        {
            Change("activate", "Make a version active: it opens positions again (from inactive; a deprecated version stays deprecated)"),
            Change("pause", "Make a version inactive: it opens no new position, its open ones run to their exits"),
            Change("deprecate", "Deprecate a version for good: it opens no new position, its open ones run to their exits"),
        };
    }

    /// <summary>`precog health`: the node's readiness; exit code 1 when it is not ready.</summary>
    private static Command Health(CliConsole console)
    {
        var (json, node, tokenFile, dataDir) = Common();
        var command = new Command("health", "Whether the node is up and ready (cluster member up, journal reachable, feeds fresh)") { json, node, tokenFile, dataDir };
        command.SetAction(r =>
        {
            var target = AdminTarget.Resolve(r.GetValue(node), r.GetValue(tokenFile), r.GetValue(dataDir)!);
            var ready = ReadyzOf(target);
            if (r.GetValue(json)) console.Out.WriteLine(JsonSerializer.Serialize(ready, Indented));
            else Tables.Ready(console, ready);
            return ready.TryGetProperty("ready", out var ok) && ok.GetBoolean() ? PrecogCli.Ok : PrecogCli.Failure;
        });
        return command;
    }

    /// <summary>/readyz answers 503 with its checks when not ready: that is an answer, not a failure of the call.</summary>
    private static JsonElement ReadyzOf(AdminTarget target)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var response = http.Send(new HttpRequestMessage(HttpMethod.Get, new Uri(target.Node, "/readyz")));
            using var reader = new StreamReader(response.Content.ReadAsStream());
            return JsonDocument.Parse(reader.ReadToEnd()).RootElement.Clone();
        }
        catch (HttpRequestException e)
        {
            throw new AdminCallException($"node unreachable at {target.Node}: {e.Message}");
        }
        catch (JsonException)
        {
            throw new AdminCallException($"the node at {target.Node} answered /readyz with something that is not JSON");
        }
    }

    private static Command Verb(CliConsole console, string name, string description, Func<ParseResult, AdminClient, JsonElement> call,
        Action<CliConsole, JsonElement> table, params Symbol[] symbols)
    {
        var (json, node, tokenFile, dataDir) = Common();
        var command = new Command(name, description) { json, node, tokenFile, dataDir };
        foreach (var s in symbols)
        {
            if (s is Argument a) command.Arguments.Add(a);
            else command.Options.Add((Option)s);
        }
        command.SetAction(r =>
        {
            var client = new AdminClient(AdminTarget.Resolve(r.GetValue(node), r.GetValue(tokenFile), r.GetValue(dataDir)!));
            var answer = call(r, client);
            if (r.GetValue(json)) console.Out.WriteLine(JsonSerializer.Serialize(answer, Indented));
            else table(console, answer);
            return PrecogCli.Ok;
        });
        return command;
    }

    private static (Option<bool> Json, Option<string?> Node, Option<string?> TokenFile, Option<string> DataDir) Common() => (
        new Option<bool>("--json") { Description = "Print the admin API's JSON instead of a table" },
        new Option<string?>("--node") { Description = "The node's admin URL (default: read from DATA-DIR/admin.url)" },
        new Option<string?>("--token-file") { Description = "The admin token file (default: DATA-DIR/admin.token)" },
        new Option<string>("--data-dir") { Description = "The node's data folder", DefaultValueFactory = _ => "data" });

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Segment(string value) => Uri.EscapeDataString(value.Trim());

    private static string BreakerPath(string id) => id.Split('/') is [var kind, var scope] && kind.Length > 0 && scope.Length > 0
        ? $"{Segment(kind)}/{Segment(scope)}"
        : throw new CliInputException($"'{id}' is not KIND/SCOPE (e.g. manual/global)");

    /// <summary>The tables verbs print: generic over the API's JSON, so a field the API adds shows up in --json at once.</summary>
    private static partial class Tables
    {
        public static Action<CliConsole, JsonElement> Rows(params (string Header, string Field)[] columns) => (console, array) =>
        {
            // ids, tickers and numbers stay whole on one line; only prose (a message, a reason) wraps
            var table = new Table().Border(TableBorder.Simple)
                .AddColumns(columns.Select(c => c.Header is "message" or "reason" ? new TableColumn(c.Header) : new TableColumn(c.Header).NoWrap()).ToArray());
            foreach (var row in array.EnumerateArray())
                table.AddRow(columns.Select(c => Markup.Escape(Text(row.TryGetProperty(c.Field, out var v) ? v : default))).ToArray());
            CliRendering.Write(console, table);
            console.Out.WriteLine($"{array.GetArrayLength()} {(array.GetArrayLength() == 1 ? "row" : "rows")}");
        };

        /// <summary>One object: its values as field / value lines, nested objects flattened, arrays of objects as their own tables.</summary>
        public static void Detail(CliConsole console, JsonElement value)
        {
            var grid = new Table().Border(TableBorder.Simple).AddColumns("field", "value");
            var lists = new List<(string Name, JsonElement Items)>();
            Flatten(value, "", grid, lists);
            CliRendering.Write(console, grid);
            foreach (var (name, items) in lists)
            {
                console.Out.WriteLine(name);
                var fields = items.EnumerateArray().First().EnumerateObject().Select(p => p.Name).ToArray();
                Rows(fields.Select(f => (f, f)).ToArray())(console, items);
            }
        }

        public static void Cluster(CliConsole console, JsonElement c)
        {
            console.Out.WriteLine($"self   {Text(c.GetProperty("self"))}");
            console.Out.WriteLine($"leader {Text(c.GetProperty("leader"))}");
            Rows(("address", "address"), ("status", "status"), ("roles", "roles"), ("reachable", "reachable"))(console, c.GetProperty("members"));
            var unreachable = c.GetProperty("unreachable");
            console.Out.WriteLine($"unreachable: {(unreachable.GetArrayLength() == 0 ? "none" : Text(unreachable))}");
        }

        public static void Breakers(CliConsole console, JsonElement b)
        {
            Rows(("breaker", "id"), ("status", "status"), ("since", "since"), ("reason", "reason"))(console, b.GetProperty("breakers"));
            var entries = b.GetProperty("entries");
            console.Out.WriteLine(entries.GetProperty("allowed").GetBoolean()
                ? "entries: admitted"
                : $"entries: refused (blocked by {Text(entries.GetProperty("blocked_by"))})");
        }

        public static void Ready(CliConsole console, JsonElement r)
        {
            var table = new Table().Border(TableBorder.Simple).AddColumns("check", "state");
            foreach (var check in r.GetProperty("checks").EnumerateObject()) table.AddRow(Markup.Escape(check.Name), Markup.Escape(Text(check.Value)));
            CliRendering.Write(console, table);
            console.Out.WriteLine(r.GetProperty("ready").GetBoolean() ? "ready" : "NOT ready");
        }

        private static void Flatten(JsonElement value, string prefix, Table grid, List<(string, JsonElement)> lists)
        {
            foreach (var p in value.EnumerateObject())
            {
                var name = prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}";
                if (p.Value.ValueKind == JsonValueKind.Object) Flatten(p.Value, name, grid, lists);
                else if (p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() > 0 && p.Value[0].ValueKind == JsonValueKind.Object) lists.Add((name, p.Value));
                else grid.AddRow(Markup.Escape(name), Markup.Escape(Text(p.Value)));
            }
        }

        private static string Text(JsonElement v) => v.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => "-",
            JsonValueKind.String => v.GetString()!,
            JsonValueKind.True => "yes",
            JsonValueKind.False => "no",
            JsonValueKind.Number => v.GetDecimal().ToString(CultureInfo.InvariantCulture),
            JsonValueKind.Array => v.GetArrayLength() == 0 ? "-" : string.Join(", ", v.EnumerateArray().Select(Text)),
            _ => v.GetRawText(),
        };
    }
}
