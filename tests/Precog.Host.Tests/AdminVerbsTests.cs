using System.Net;
using System.Text.Json;
using Precog.Tests;

namespace Precog.Host.Tests;

/// <summary>The operator's verbs run end to end through the CLI against the kept-up node, checked against what its actors answer over the API.</summary>
public sealed partial class AdminApiTests
{
    [Fact]
    public async Task Every_read_verb_prints_with_json_what_the_actors_answer_and_a_table_with_the_same_rows()
    {
        var positions = await EventuallyAsync("/api/positions", p => p.GetArrayLength() > 0 &&
            p.EnumerateArray().All(x => x.GetProperty("status").GetString() is "closed" or "settled"));
        var (_, markets) = await SendAsync(HttpMethod.Get, "/api/markets", fixture.ReadToken);
        var ticker = markets.EnumerateArray().First(m => m.GetProperty("game").ValueKind == JsonValueKind.String).GetProperty("ticker").GetString()!;
        var id = positions[0].GetProperty("id").GetString()!;
        var (_, strategies) = await SendAsync(HttpMethod.Get, "/api/strategies", fixture.ReadToken);

        var verbs = new (string[] Args, string Path, string Shows)[]
        {
            (["markets"], "/api/markets", ticker),
            (["markets", "--active"], "/api/markets?active=true", "row"),
            (["market", ticker], $"/api/markets/{ticker}", ticker),
            (["positions", "--open"], "/api/positions?open=true", "row"),
            (["position", id], $"/api/positions/{id}", id),
            (["strategies"], "/api/strategies", "nfl_value"),
            (["alerts"], "/api/alerts", "row"),
            (["alerts", "--unresolved"], "/api/alerts?unresolved=true", "row"),
            (["breakers"], "/api/breakers", "entries: admitted"),
            (["cluster", "show"], "/api/cluster", "unreachable: none"),
        };
        foreach (var (args, path, shows) in verbs)
        {
            var (status, api) = await SendAsync(HttpMethod.Get, path, fixture.ReadToken);
            Assert.True(status == HttpStatusCode.OK, $"{path}: {status} {api}");
            var json = Cli([.. args, "--json", "--data-dir", fixture.Data]);
            Assert.True(json.Code == 0 && json.Err.Length == 0, $"precog {string.Join(' ', args)} --json: {json.Code} {json.Err}");
            Assert.Equal(JsonSerializer.Serialize(api), JsonSerializer.Serialize(JsonDocument.Parse(json.Out).RootElement));
            var table = Cli([.. args, "--data-dir", fixture.Data]);
            Assert.True(table.Code == 0 && table.Err.Length == 0, $"precog {string.Join(' ', args)}: {table.Code} {table.Err}");
            Assert.Contains(shows, table.Out);
            if (api.ValueKind == JsonValueKind.Array)
                Assert.Contains($"{api.GetArrayLength()} {(api.GetArrayLength() == 1 ? "row" : "rows")}", table.Out);
        }

        // and what they answer is the actors' state: the position's detail is the list's summary, the market's edges are priced by the catalog's versions
        var (_, detail) = await SendAsync(HttpMethod.Get, $"/api/positions/{id}", fixture.ReadToken);
        Assert.Equal(JsonSerializer.Serialize(positions[0]), JsonSerializer.Serialize(detail.GetProperty("position")));
        Assert.NotEqual(JsonValueKind.Null, detail.GetProperty("ended").ValueKind);
        var (_, market) = await SendAsync(HttpMethod.Get, $"/api/markets/{ticker}", fixture.ReadToken);
        var labels = strategies.EnumerateArray().Where(v => v.GetProperty("kind").GetString() == "strategy")
            .Select(v => $"{v.GetProperty("name").GetString()} {v.GetProperty("version").GetString()}").ToHashSet();
        Assert.NotEmpty(labels);
        Assert.All(market.GetProperty("edges").EnumerateArray(), e => Assert.Contains(e.GetProperty("strategy").GetString()!, labels));
        Assert.Equal(market.GetProperty("market").GetProperty("game").GetString(),
            $"{market.GetProperty("game_state").GetProperty("league").GetString()}/{market.GetProperty("game_state").GetProperty("id").GetString()}");
    }

    [Fact]
    public async Task A_stale_feed_tripped_from_the_cli_makes_the_node_not_ready_raises_an_alert_that_ack_and_resolve_close_and_reset_makes_it_ready()
    {
        var reason = $"cli test {Guid.NewGuid():N}";
        var tripped = Cli("breaker", "trip", "data_stale/nfl", "--reason", reason, "--json", "--data-dir", fixture.Data);
        Assert.True(tripped.Code == 0, tripped.Err);
        Assert.Equal("open", JsonDocument.Parse(tripped.Out).RootElement.GetProperty("status").GetString());
        try
        {
            // not ready for a load balancer: /readyz answers 503 naming the stale feed, and `precog health` exits 1
            await Eventually.Holds(async () => (await SendAsync(HttpMethod.Get, "/readyz", null)).Status == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10));
            var (_, ready) = await SendAsync(HttpMethod.Get, "/readyz", null);
            Assert.False(ready.GetProperty("ready").GetBoolean());
            Assert.Equal("stale: data_stale/nfl", ready.GetProperty("checks").GetProperty("feeds").GetString());
            var health = Cli("health", "--data-dir", fixture.Data);
            Assert.Equal(1, health.Code);
            Assert.Contains("stale: data_stale/nfl", health.Out);
            Assert.Contains("NOT ready", health.Out);

            // the trip is an alert, found by the verb; ack, then resolve it, and it leaves the unresolved list
            var alertId = "";
            await Eventually.Holds(() =>
            {
                var run = Cli("alerts", "--unresolved", "--json", "--data-dir", fixture.Data);
                alertId = run.Code != 0 ? "" : JsonDocument.Parse(run.Out).RootElement.EnumerateArray()
                    .FirstOrDefault(a => a.GetProperty("message").GetString()!.Contains(reason, StringComparison.Ordinal)) is { ValueKind: JsonValueKind.Object } a
                    ? a.GetProperty("id").GetString()! : "";
                return Task.FromResult(alertId.Length > 0);
            }, TimeSpan.FromSeconds(10));
            var ack = Cli("alert", "ack", alertId, "--json", "--data-dir", fixture.Data);
            Assert.True(ack.Code == 0, ack.Err);
            var acked = JsonDocument.Parse(ack.Out).RootElement;
            Assert.Equal(("acknowledged", "circuit_breaker", "data_stale/nfl"),
                (acked.GetProperty("status").GetString(), acked.GetProperty("type").GetString(), acked.GetProperty("component").GetString()));
            var resolve = Cli("alert", "resolve", alertId, "--action", "false_positive", "--data-dir", fixture.Data);
            Assert.True(resolve.Code == 0, resolve.Err);
            Assert.Contains("false_positive", resolve.Out);
            var unresolved = Cli("alerts", "--unresolved", "--json", "--data-dir", fixture.Data);
            Assert.DoesNotContain(JsonDocument.Parse(unresolved.Out).RootElement.EnumerateArray(), a => a.GetProperty("id").GetString() == alertId);
            var again = Cli("alert", "resolve", alertId, "--action", "fixed", "--data-dir", fixture.Data);
            Assert.Equal(1, again.Code); // resolved is final: refused in one line with the node's reason
            Assert.Single(again.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("(409)", again.Err);
        }
        finally
        {
            var reset = Cli("breaker", "reset", "data_stale/nfl", "--reason", "cli test over", "--data-dir", fixture.Data);
            Assert.True(reset.Code == 0, reset.Err);
        }
        await Eventually.Holds(async () => (await SendAsync(HttpMethod.Get, "/readyz", null)).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(10));
        var healthy = Cli("health", "--data-dir", fixture.Data);
        Assert.Equal((0, ""), (healthy.Code, healthy.Err));
        Assert.EndsWith("ready", healthy.Out.TrimEnd());
    }

    [Fact]
    public async Task The_kill_switch_from_the_cli_blocks_every_entry_until_it_is_turned_off()
    {
        var on = Cli("killswitch", "on", "--reason", "cli kill switch test", "--json", "--data-dir", fixture.Data);
        Assert.True(on.Code == 0, on.Err);
        Assert.Equal(("manual/global", "open"), (JsonDocument.Parse(on.Out).RootElement.GetProperty("id").GetString(), JsonDocument.Parse(on.Out).RootElement.GetProperty("status").GetString()));
        try
        {
            var board = await EventuallyAsync("/api/breakers", b => !b.GetProperty("entries").GetProperty("allowed").GetBoolean());
            Assert.Contains("manual/global", board.GetProperty("entries").GetProperty("blocked_by").EnumerateArray().Select(b => b.GetString()));
            var table = Cli("breakers", "--data-dir", fixture.Data);
            Assert.Contains("entries: refused (blocked by manual/global)", table.Out);
            var (_, alerts) = await SendAsync(HttpMethod.Get, "/api/alerts?unresolved=true", fixture.ReadToken);
            Assert.Contains(alerts.EnumerateArray(), a => a.GetProperty("component").GetString() == "manual/global" && a.GetProperty("severity").GetString() == "critical");
        }
        finally
        {
            var off = Cli("killswitch", "off", "--data-dir", fixture.Data);
            Assert.True(off.Code == 0, off.Err);
        }
        var after = await EventuallyAsync("/api/breakers", b => b.GetProperty("entries").GetProperty("allowed").GetBoolean());
        Assert.Equal("closed", after.GetProperty("breakers").EnumerateArray().Single(b => b.GetProperty("id").GetString() == "manual/global").GetProperty("status").GetString());
    }

    [Fact]
    public void Unknown_ids_and_malformed_arguments_are_refused_in_one_line_naming_them()
    {
        var cases = new (string[] Args, int Code, string Says)[]
        {
            (["market", "KXNFLGAME-NOPE"], 1, "no market KXNFLGAME-NOPE on this node (404)"),
            (["position", "not-a-uuid"], 2, "'not-a-uuid' is not a position id (a UUID) (400)"),
            (["position", Guid.Empty.ToString()], 1, $"no position {Guid.Empty} on this node (404)"),
            (["alert", "ack", Guid.Empty.ToString()], 1, $"no alert {Guid.Empty} on this node (404)"),
            (["breaker", "trip", "no_such_kind/global", "--reason", "x"], 2, "'no_such_kind' is not a breaker kind"),
            (["breaker", "reset", "manual"], 2, "'manual' is not KIND/SCOPE"),
            (["strategy", "pause", "nfl_value", "v9.9"], 1, "no strategy nfl_value v9.9 in the catalog (404)"),
        };
        foreach (var (args, code, says) in cases)
        {
            var run = Cli([.. args, "--data-dir", fixture.Data]);
            Assert.True(run.Code == code, $"precog {string.Join(' ', args)}: exit {run.Code}, {run.Err}");
            Assert.Contains(says, Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            Assert.Equal("", run.Out);
        }
    }
}
