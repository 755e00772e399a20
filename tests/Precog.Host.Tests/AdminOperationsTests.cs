using System.Globalization;
using System.Net;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Precog.Tests;

namespace Precog.Host.Tests;

// The runtime verbs against the same live node: cluster membership, the actor tree, sharding, the log, the metrics scrape.
public sealed partial class AdminApiTests
{
    private string[] Node => ["--data-dir", fixture.Data];

    [Fact]
    public async Task Cluster_leave_down_and_join_refuse_in_one_line_what_they_cannot_do_and_need_the_write_token()
    {
        var self = JsonDocument.Parse(Cli(["cluster", "show", "--json", .. Node]).Out).RootElement.GetProperty("self").GetString()!;

        var last = Cli(["cluster", "leave", self, .. Node]);
        var stranger = Cli(["cluster", "down", "akka.tcp://precog@127.0.0.1:1", .. Node]);
        var nonsense = Cli(["cluster", "down", "not an address", .. Node]);
        var join = Cli(["cluster", "join", "akka.tcp://precog@127.0.0.1:1", .. Node]);
        var (readOnly, _) = await SendAsync(HttpMethod.Post, "/api/cluster/leave", fixture.ReadToken, new { address = self });

        Assert.Equal(1, last.Code);
        Assert.Contains("is the cluster's only member", Assert.Single(last.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(1, stranger.Code);
        Assert.Contains("akka.tcp://precog@127.0.0.1:1 is not a member of this cluster", stranger.Err);
        Assert.Equal(2, nonsense.Code);
        Assert.Contains("'not an address' is not an Akka address", nonsense.Err);
        Assert.Equal(1, join.Code);
        Assert.Contains("is already a member of a cluster", join.Err);
        Assert.Equal(HttpStatusCode.Forbidden, readOnly);
        var (_, cluster) = await SendAsync(HttpMethod.Get, "/api/cluster", fixture.ReadToken);
        Assert.Equal("up", Assert.Single(cluster.GetProperty("members").EnumerateArray()).GetProperty("status").GetString()); // nothing changed
    }

    [Fact]
    public async Task A_second_actor_system_on_loopback_joins_shows_in_cluster_show_and_leaves_or_is_downed_when_told()
    {
        var self = (await SendAsync(HttpMethod.Get, "/api/cluster", fixture.ReadToken)).Body.GetProperty("self").GetString()!;
        foreach (var verb in new[] { "leave", "down" })
        {
            using var visitor = ActorSystem.Create("precog", ConfigurationFactory.ParseString("""
                akka.loglevel = ERROR
                akka.actor.provider = cluster
                akka.remote.dot-netty.tcp.hostname = 127.0.0.1
                akka.remote.dot-netty.tcp.port = 0
                akka.cluster.roles = ["visitor"]
                """));
            var cluster = Akka.Cluster.Cluster.Get(visitor);
            cluster.Join(Address.Parse(self));
            var address = cluster.SelfAddress.ToString();

            var shown = await EventuallyAsync("/api/cluster", c => c.GetProperty("members").EnumerateArray()
                .Any(m => m.GetProperty("address").GetString() == address && m.GetProperty("status").GetString() == "up"));
            Assert.Equal(["visitor"], shown.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("address").GetString() == address)
                .GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList());

            var told = Cli(["cluster", verb, address, "--json", .. Node]);
            Assert.Equal((0, ""), (told.Code, told.Err));
            Assert.Equal(verb, JsonDocument.Parse(told.Out).RootElement.GetProperty("action").GetString());

            await EventuallyAsync("/api/cluster", c => c.GetProperty("members").GetArrayLength() == 1);
            await visitor.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30)); // removed, it shut itself down
        }
    }

    [Fact]
    public void Actors_tree_shows_the_user_actors_with_their_child_counts_and_refuses_a_path_that_is_not_there()
    {
        var tree = JsonDocument.Parse(Cli(["actors", "tree", "/user", "--depth", "2", "--json", .. Node]).Out).RootElement;
        var nodes = tree.GetProperty("nodes").EnumerateArray().ToList();
        var root = nodes[0];
        var children = nodes.Where(n => n.GetProperty("depth").GetInt32() == 1).ToList();

        Assert.Equal("/user", root.GetProperty("path").GetString());
        Assert.Equal(children.Count, root.GetProperty("children").GetInt32());
        Assert.Contains(children, n => n.GetProperty("path").GetString() == "/user/alerts" && n.GetProperty("type").GetString() == "AlertRouter");
        // a singleton's manager holds the singleton: the count says so, and the next level lists it
        var manager = Assert.Single(children, n => n.GetProperty("path").GetString() == "/user/risk-manager");
        Assert.Equal(nodes.Count(n => n.GetProperty("path").GetString()!.StartsWith("/user/risk-manager/", StringComparison.Ordinal)), manager.GetProperty("children").GetInt32());
        Assert.Contains(nodes, n => n.GetProperty("path").GetString() == "/user/risk-manager/risk-manager" && n.GetProperty("type").GetString() == "RiskManager");

        var table = Cli(["actors", "tree", "--depth", "1", .. Node]);
        Assert.Equal(0, table.Code);
        Assert.Contains("alerts", table.Out);
        Assert.Contains($"{children.Count + 1} actors", table.Out);

        var missing = Cli(["actors", "tree", "/user/nobody-here", .. Node]);
        Assert.Equal(1, missing.Code);
        Assert.Contains("no actor /user/nobody-here on this node", missing.Err);
    }

    [Fact]
    public async Task Sharding_counts_the_entities_the_api_lists_per_region_and_per_node()
    {
        var positions = await EventuallyAsync("/api/positions", p => p.GetArrayLength() > 0);
        var (_, markets) = await SendAsync(HttpMethod.Get, "/api/markets", fixture.ReadToken);

        var regions = JsonDocument.Parse(Cli(["sharding", "regions", "--json", .. Node]).Out).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("type").GetString()!, r => r.GetProperty("entities").GetInt32());
        var stats = JsonDocument.Parse(Cli(["sharding", "stats", "position", "--json", .. Node]).Out).RootElement;
        var (_, cluster) = await SendAsync(HttpMethod.Get, "/api/cluster", fixture.ReadToken);

        Assert.Equal(["breaker", "game", "market", "position"], regions.Keys.Order(StringComparer.Ordinal).ToList());
        Assert.Equal(positions.GetArrayLength(), regions["position"]);
        Assert.Equal(markets.GetArrayLength(), regions["market"]);
        var node = Assert.Single(stats.GetProperty("nodes").EnumerateArray());
        Assert.Equal(cluster.GetProperty("self").GetString(), node.GetProperty("address").GetString());
        Assert.Equal(positions.GetArrayLength(), node.GetProperty("entities").GetInt32());
        Assert.Equal(node.GetProperty("shards").GetInt32(), stats.GetProperty("shards").GetArrayLength());

        var unknown = Cli(["sharding", "stats", "widget", .. Node]);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("no shard region 'widget'", unknown.Err);
    }

    [Fact]
    public async Task The_metrics_scrape_needs_the_read_token_and_a_breaker_trip_moves_its_counter_and_gauge()
    {
        using var anonymous = await _http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var positions = await EventuallyAsync("/api/positions", p => p.GetArrayLength() > 0);

        var before = await ScrapeAsync();
        Assert.True(Metric(before, "precog_ticks_in_total") > 0, before);
        Assert.True(Metric(before, "precog_quotes_persisted_total") > 0, before);
        Assert.True(Metric(before, "precog_edges_computed_total") > 0, before);
        Assert.True(Metric(before, "precog_orders_sent_total", "platform=\"kalshi\"") >= positions.GetArrayLength(), before); // each position sent its entry
        Assert.Contains("precog_exit_latency_seconds_bucket", before);
        Assert.Contains("precog_journal_write_latency_milliseconds_bucket", before);
        Assert.Equal(0d, Metric(before, "precog_open_positions")); // the day is over
        Assert.Contains("precog_mailbox_depth{", before);
        var breaker = "breaker=\"consecutive_losses/global\"";
        var trips = Metric(before, "precog_breaker_trips_total", breaker) ?? 0;

        try
        {
            var (tripped, _) = await SendAsync(HttpMethod.Post, "/api/breakers/consecutive_losses/global/trip", fixture.WriteToken, new { reason = "metrics test" });
            Assert.Equal(HttpStatusCode.OK, tripped);
            var after = await ScrapeAsync();
            Assert.Equal(trips + 1, Metric(after, "precog_breaker_trips_total", breaker));
            Assert.Equal(1d, Metric(after, "precog_breaker_state", breaker)); // open
        }
        finally
        {
            await SendAsync(HttpMethod.Post, "/api/breakers/consecutive_losses/global/reset", fixture.WriteToken, new { reason = "metrics test over" });
        }
        await EventuallyAsync("/api/breakers", b => b.GetProperty("entries").GetProperty("allowed").GetBoolean());
        Assert.Equal(0d, Metric(await ScrapeAsync(), "precog_breaker_state", breaker));
    }

    [Fact]
    public async Task Log_peek_returns_the_recent_lines_a_level_change_takes_effect_a_follower_gets_the_next_line_and_no_token_is_in_the_log()
    {
        try
        {
            Assert.Equal(0, Cli(["log", "level", "warning", .. Node]).Code);
            await SendAsync(HttpMethod.Post, "/api/strategies/nfl_value/v1.0/activate", fixture.WriteToken); // logs at information: dropped now
            await SendAsync(HttpMethod.Get, "/api/alerts", "wrong-token-for-the-log-test-0123456789"); // logs a warning
            var quiet = Peek("--lines", "50");
            Assert.Contains(quiet, l => l.Level == "warning" && l.Message.Contains("Admin API refused GET /api/alerts", StringComparison.Ordinal));
            Assert.Contains(quiet, l => l.Message.Contains("log level information -> warning", StringComparison.Ordinal));
            Assert.DoesNotContain(quiet.SkipWhile(l => !l.Message.Contains("-> warning", StringComparison.Ordinal)), l => l.Message.Contains("strategy nfl_value v1.0 activate", StringComparison.Ordinal));

            Assert.Equal(0, Cli(["log", "level", "information", .. Node]).Code);
            // a follower waits for the next line and gets it as soon as it is written
            var last = JsonDocument.Parse(Cli(["log", "peek", "--lines", "1", "--json", .. Node]).Out).RootElement.GetProperty("last").GetInt64();
            var follow = SendAsync(HttpMethod.Get, $"/api/log?after={last}&wait=20", fixture.ReadToken);
            await SendAsync(HttpMethod.Post, "/api/strategies/nfl_value/v1.0/activate", fixture.WriteToken);
            var (status, next) = await follow.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains(next.GetProperty("lines").EnumerateArray(), l => l.GetProperty("message").GetString()!.Contains("strategy nfl_value v1.0 activate", StringComparison.Ordinal));
            Assert.All(next.GetProperty("lines").EnumerateArray(), l => Assert.True(l.GetProperty("seq").GetInt64() > last));

            var warnings = Peek("--level", "warning", "--lines", "2000");
            Assert.NotEmpty(warnings);
            Assert.All(warnings, l => Assert.Contains(l.Level, new[] { "warning", "error", "fatal" }));
            var all = string.Join("\n", Peek("--lines", "2000").Select(l => l.Message));
            foreach (var secret in new[] { fixture.ReadToken, fixture.WriteToken, "wrong-token-for-the-log-test-0123456789" })
            {
                Assert.DoesNotContain(secret, all);
                Assert.DoesNotContain(secret, fixture.Node.Out + fixture.Node.Err);
            }
            var bad = Cli(["log", "peek", "--level", "loud", .. Node]);
            Assert.Equal(2, bad.Code);
        }
        finally
        {
            Cli(["log", "level", "information", .. Node]);
        }
    }

    private sealed record Line(long Seq, string Level, string Message);

    private List<Line> Peek(params string[] args)
    {
        var run = Cli(["log", "peek", "--json", .. args, .. Node]);
        Assert.Equal((0, ""), (run.Code, run.Err));
        return JsonDocument.Parse(run.Out).RootElement.GetProperty("lines").EnumerateArray()
            .Select(l => new Line(l.GetProperty("seq").GetInt64(), l.GetProperty("level").GetString()!, l.GetProperty("message").GetString()!)).ToList();
    }

    private async Task<string> ScrapeAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.ReadToken);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of the first sample of <paramref name="name"/> whose labels hold <paramref name="label"/>; null when there is none.</summary>
    private static double? Metric(string scrape, string name, string? label = null)
    {
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith(name + "{", StringComparison.Ordinal) && !line.StartsWith(name + " ", StringComparison.Ordinal)) continue;
            if (label is not null && !line.Contains(label, StringComparison.Ordinal)) continue;
            return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
        return null;
    }
}
