using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Precog.Testing.FakeFeeds;

namespace Precog.Host.Tests;

/// <summary>
/// A Kalshi node (as a process, on the fake Kalshi and ESPN) configured with one Polymarket token mirroring a fake Kalshi
/// market, the fake Polymarket CLOB serving its REST book and market channel on 127.0.0.1: the token's market is priced
/// on the same game, its quotes and edges reach the admin API and the tables, and nothing is ever ordered for it.
/// </summary>
public sealed class PolymarketNodeTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Kansas City (Elo 1660) at home to Carolina (1370): the pregame model gives KC about 0.87
    private const string KcGame = "KXNFLGAME-26JAN04CARKC";
    private const string Kc = KcGame + "-KC";
    private const string Token = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
    private const string ConditionId = "0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1";

    private FakeVenues _venues = null!;
    private FakePolymarketServer _polymarket = null!;

    public async Task InitializeAsync()
    {
        _venues = await FakeVenues.StartAsync("polymarket-node");
        _polymarket = await FakePolymarketServer.StartAsync();
        _venues.Espn.Serve(EspnScoreboardBuilder.Build()); // no games: both markets on the ticker's pregame game
        _venues.Kalshi.ListMarket(Kc, KcGame, "KXNFLGAME", "CAR at KC: KC wins");
        _venues.Kalshi.SetSeries("KXNFLGAME", "quadratic", 1m);
        _venues.Kalshi.SetBook(Kc, [(0.86m, 500)], [(0.12m, 500)]); // fair on Kalshi: nothing to enter there
        // Polymarket asks far less for YES on KC: an edge of about a quarter that no order may ever follow
        _polymarket.SetBook(Token, PolymarketMessages.Book(Token, ConditionId, [("0.60", "1000")], [("0.62", "1000")], 1_767_500_000_000, asMessage: false));
    }

    public async Task DisposeAsync()
    {
        await _polymarket.DisposeAsync();
        await _venues.DisposeAsync();
    }

    [Fact]
    public async Task A_polymarket_token_is_priced_on_its_kalshi_game_from_its_rest_book_then_the_market_channel_and_never_traded()
    {
        var data = Path.Combine(_venues.Directory, "data");
        var file = Path.Combine(data, "precog.db");
        await using var node = NodeProcess.Start(_venues.Environment(), "--data-dir", data, "--exchange", "kalshi-demo", "--config", PolymarketConfig());
        try
        {
            await node.WaitForLineAsync("Kalshi node trading", Patience);
            await node.WaitForLineAsync("Admin API listening on", Patience);
            using var admin = await NodeAdmin.ReadClientAsync(data, TimeSpan.FromSeconds(20));

            // the REST book gives the market its price before the channel says anything, on the Kalshi market's game
            var connection = await _polymarket.NextConnectionAsync(Patience);
            using (var subscription = JsonDocument.Parse(await connection.NextClientMessageAsync(Patience)))
                Assert.Equal([Token], subscription.RootElement.GetProperty("assets_ids").EnumerateArray().Select(a => a.GetString()));
            // priced by the model as YES on KC (the game's pregame state may reach it a moment after the book)
            var market = await MarketAsync(admin, m => m.Quote?.YesBid == 0.60m && m.Edges.Any(e => e is { Side: "yes", Edge: > 0.15m }));
            Assert.Equal(("polymarket", $"nfl/{KcGame}", 0.62m), (market.Platform, market.Game, market.Quote!.YesAsk));
            await Eventually.Holds(async () => await QuoteRowAsync(file) == ("0.6000", KcGame, "Panthers vs Chiefs: Chiefs"), Patience);
            await Eventually.Holds(async () => await BestEdgeAsync(file) > 0.15m, Patience);

            // the channel's book replaces it, and a price change moves it
            await connection.SendAsync(PolymarketMessages.Book(Token, ConditionId, [("0.64", "500")], [("0.70", "500")], 1_767_500_001_000));
            await MarketAsync(admin, m => m.Quote is { YesBid: 0.64m, YesAsk: 0.70m });
            await connection.SendAsync(PolymarketMessages.PriceChange(ConditionId, 1_767_500_002_000, (Token, "0.67", "300", "BUY")));
            market = await MarketAsync(admin, m => m.Quote?.YesBid == 0.67m);
            Assert.Equal(300, market.Quote!.YesBidSize);
            await Eventually.Holds(async () => (await QuoteRowAsync(file))?.YesPrice == "0.6700", Patience);

            // and in all that, with a large edge standing, nothing was ordered for the token nor held on Polymarket
            Assert.Contains(market.Edges, e => e is { Side: "yes", Edge: > 0.1m });
            Assert.DoesNotContain(_venues.Kalshi.OrderLog, o => o.Ticker == Token);
            Assert.Empty(_venues.Kalshi.OrderLog); // the Kalshi book is fair: nothing at all
            Assert.Equal(0, await ScalarAsync(file, "SELECT COUNT(*) FROM positions WHERE platform_id = 'polymarket' OR market_id = $t"));
            using var positions = JsonDocument.Parse(await admin.GetStringAsync("/api/positions"));
            Assert.Equal(0, positions.RootElement.GetArrayLength());
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- node output ---\n{node.Out}\n{node.Err}", e);
        }
    }

    [Fact]
    public async Task A_failing_rest_book_and_a_dropped_channel_are_logged_and_retried_and_the_node_stays_up()
    {
        // given Polymarket's REST answers 500 for the token at first
        _polymarket.SetBook(Token, """{"error":"internal"}""", status: 500);
        var data = Path.Combine(_venues.Directory, "data");
        await using var node = NodeProcess.Start(_venues.Environment(), "--data-dir", data, "--exchange", "kalshi-demo", "--config", PolymarketConfig());
        try
        {
            await node.WaitForLineAsync("Admin API listening on", Patience);
            using var admin = await NodeAdmin.ReadClientAsync(data, TimeSpan.FromSeconds(20));
            await node.WaitForLineAsync($"Polymarket {Token}: REST book not read", Patience);

            // the channel is followed meanwhile, and the REST book is read again (with backoff) once it answers
            var first = await _polymarket.NextConnectionAsync(Patience);
            _polymarket.SetBook(Token, PolymarketMessages.Book(Token, ConditionId, [("0.55", "100")], [("0.58", "100")], 1_767_500_000_000, asMessage: false));
            await node.WaitForLineAsync($"Polymarket {Token}: REST book read", Patience);
            await MarketAsync(admin, m => m.Quote?.YesBid == 0.55m);

            // when the channel drops, the node reconnects and the new connection's book prices the market
            first.Drop();
            var second = await _polymarket.NextConnectionAsync(Patience);
            using (var subscription = JsonDocument.Parse(await second.NextClientMessageAsync(Patience)))
                Assert.Equal([Token], subscription.RootElement.GetProperty("assets_ids").EnumerateArray().Select(a => a.GetString()));
            await second.SendAsync(PolymarketMessages.Book(Token, ConditionId, [("0.57", "100")], [("0.59", "100")], 1_767_500_003_000));
            await MarketAsync(admin, m => m.Quote?.YesBid == 0.57m);
            Assert.False(node.HasExited);
            Assert.DoesNotContain(_venues.Kalshi.OrderLog, o => o.Ticker == Token);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- node output ---\n{node.Out}\n{node.Err}", e);
        }
    }

    [Fact]
    public async Task A_simulated_node_refuses_polymarket_with_one_line_and_exit_code_2()
    {
        await using var node = NodeProcess.Start("--data-dir", Path.Combine(_venues.Directory, "data"), "--config", PolymarketConfig());

        Assert.Equal(2, await node.ExitCodeAsync(Patience));
        Assert.Contains("precog.polymarket.enabled = on is a Kalshi node's", node.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_node_refuses_polymarket_with_one_line_and_exit_code_2()
    {
        // refused while reading the options: no database is reached
        await using var node = NodeProcess.Start(_venues.Environment(), "--data-dir", Path.Combine(_venues.Directory, "data"), "--config", PolymarketConfig(),
            "--cluster", "--seed", "akka.tcp://precog@127.0.0.1:4053", "--exchange", "kalshi-demo", "--db", "Host=127.0.0.1;Port=1;Database=precog;Username=precog");

        Assert.Equal(2, await node.ExitCodeAsync(Patience));
        Assert.Contains("precog.polymarket.enabled = on is a single node's", node.Err, StringComparison.Ordinal);
    }

    /// <summary>The fakes' configuration with the token mirroring YES on KC, on the fake Polymarket.</summary>
    private string PolymarketConfig() => _venues.ConfigFile(more: $$"""
        precog.polymarket {
          enabled = on
          clob-url = "{{_polymarket.RestBase}}"
          market-url = "{{_polymarket.MarketChannel}}"
          markets = [{ token = "{{Token}}", kalshi = "{{Kc}}", title = "Panthers vs Chiefs: Chiefs" }]
        }
        """);

    private sealed record Quote(decimal YesBid, decimal YesAsk, int YesBidSize);
    private sealed record EdgeSeen(string Side, decimal Edge);
    private sealed record Market(string Platform, string? Game, Quote? Quote, IReadOnlyList<EdgeSeen> Edges);

    /// <summary>The token's market as the admin API shows it, once <paramref name="until"/> holds.</summary>
    private static async Task<Market> MarketAsync(HttpClient admin, Func<Market, bool> until)
    {
        Market? seen = null;
        await Eventually.Holds(async () =>
        {
            using var response = await admin.GetAsync($"/api/markets/{Token}");
            if (!response.IsSuccessStatusCode) return false;
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = doc.RootElement;
            var summary = root.GetProperty("market");
            var quote = root.GetProperty("quote") is { ValueKind: JsonValueKind.Object } q
                ? new Quote(q.GetProperty("yes_bid").GetDecimal(), q.GetProperty("yes_ask").GetDecimal(), q.GetProperty("yes_bid_size").GetInt32())
                : null;
            var edges = root.GetProperty("edges").EnumerateArray().Select(e => new EdgeSeen(e.GetProperty("side").GetString()!, e.GetProperty("edge").GetDecimal())).ToList();
            seen = new Market(summary.GetProperty("platform").GetString()!, summary.GetProperty("game").GetString(), quote, edges);
            return until(seen);
        }, Patience);
        return seen!;
    }

    /// <summary>The token's current market row: its YES price, the game it is linked to and its title.</summary>
    private static async Task<(string? YesPrice, string? Game, string? Title)?> QuoteRowAsync(string file)
    {
        if (!File.Exists(file)) return null;
        await using var db = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = """
            SELECT yes_price, json_extract(metadata, '$.game.external_game_id'), title FROM markets
            WHERE ticker = $t AND platform_id = 'polymarket' AND row_current_ind = 1
            """;
        cmd.Parameters.AddWithValue("$t", Token);
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return null;
        string? Text(int i) => r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture);
        return (Text(0), Text(1), Text(2));
    }

    private static async Task<decimal?> BestEdgeAsync(string file)
    {
        await using var db = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT expected_value FROM edges WHERE market_id = $t AND row_current_ind = 1";
        cmd.Parameters.AddWithValue("$t", Token);
        await using var r = await cmd.ExecuteReaderAsync();
        decimal? best = null;
        while (await r.ReadAsync())
        {
            var edge = decimal.Parse(Convert.ToString(r.GetValue(0), CultureInfo.InvariantCulture)!, NumberStyles.Float, CultureInfo.InvariantCulture);
            best = best is { } b ? Math.Max(b, edge) : edge;
        }
        return best;
    }

    private static async Task<long> ScalarAsync(string file, string sql)
    {
        await using var db = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$t", Token);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
