using System.Globalization;
using Microsoft.Data.Sqlite;
using Precog.Testing.FakeFeeds;
using Precog.Testing.FakeKalshi;

namespace Precog.Host.Tests;

/// <summary>
/// The node as a process trading on a fake Kalshi (REST and WebSocket on 127.0.0.1) with `--exchange kalshi-demo`:
/// the key generated here (never in the repository), given through the environment, the fake's address through the
/// configuration. The witness is the fake's order log: every create request it received, whatever became of it.
/// Game states come from a fake ESPN scoreboard (empty unless a test serves games), pointed at by the configuration.
/// </summary>
public sealed class KalshiNodeTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Kansas City (Elo 1660) at home to Carolina (1370): the pregame model gives KC about 0.87; San Francisco (1630) at
    // home to New England (1380): about 0.85. Books at those prices give no edge; books a dozen cents under them do.
    private const string KcGame = "KXNFLGAME-26JAN04CARKC";
    private const string Kc = KcGame + "-KC";
    private const string SfGame = "KXNFLGAME-26JAN04NESF";
    private const string Sf = SfGame + "-SF";

    // ESPN's game of the KC ticker: kickoff 18:00Z on 4 Jan 2026, 1 pm US Eastern that day (the ticker's date)
    private const string KcEspnId = "401772950";
    private static readonly DateTimeOffset KcKickoff = new(2026, 1, 4, 18, 0, 0, TimeSpan.Zero);
    private static readonly ScriptedTeam KcTeam = new("12", "KC"), CarTeam = new("29", "CAR");

    private FakeVenues _venues = null!;
    private FakeKalshiServer _fake = null!;
    private FakeEspnServer _espn = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        _venues = await FakeVenues.StartAsync("kalshi-node");
        (_fake, _espn, _dir) = (_venues.Kalshi, _venues.Espn, _venues.Directory);
        _espn.Serve(EspnScoreboardBuilder.Build()); // no games: every market on its ticker's pregame game
        foreach (var (game, home, away) in new[] { (KcGame, "KC", "CAR"), (SfGame, "SF", "NE") })
        {
            _fake.ListMarket($"{game}-{home}", game, "KXNFLGAME", $"{away} at {home}: {home} wins");
            _fake.ListMarket($"{game}-{away}", game, "KXNFLGAME", $"{away} at {home}: {away} wins");
        }
        _fake.SetSeries("KXNFLGAME", "quadratic", 1m);
        // fair books: YES on the home team bid a cent or two under the model, asked a cent over
        _fake.SetBook(Kc, [(0.86m, 500)], [(0.12m, 500)]);
        _fake.SetBook($"{KcGame}-CAR", [(0.12m, 500)], [(0.86m, 500)]);
        _fake.SetBook(Sf, [(0.84m, 500)], [(0.14m, 500)]);
        _fake.SetBook($"{SfGame}-NE", [(0.14m, 500)], [(0.84m, 500)]);
    }

    public async Task DisposeAsync() => await _venues.DisposeAsync();

    [Fact]
    public async Task Node_on_kalshi_demo_places_an_edge_once_records_it_and_places_no_order_twice_under_faults_and_a_disconnect()
    {
        var data = Path.Combine(_dir, "data");
        await using var node = NodeProcess.Start(_venues.Environment(), "--data-dir", data, "--exchange", "kalshi-demo", "--config", _venues.ConfigFile());
        try
        {
            await TradesOnTheFakeAsync(node, data);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- node output ---\n{node.Out}\n{node.Err}", e); // what the node was doing says why
        }
    }

    private async Task TradesOnTheFakeAsync(NodeProcess node, string data)
    {
        await node.WaitForLineAsync("Kalshi node trading", Patience);
        await _fake.UntilAsync(f => _venues.Subscribed(Kc) && _venues.Subscribed(Sf), "the node's book subscriptions", Patience);
        Assert.Empty(_fake.OrderLog); // fair books: nothing to enter

        // given the book falls a dozen cents under the model: YES on KC asked at 0.73 against 0.87
        _fake.SetBook(Kc, [(0.70m, 5000)], [(0.27m, 5000)]);
        await _fake.OrderLogReaches(1).WaitAsync(Patience);

        // then the entry reached Kalshi once, and the node's database holds its position and trade
        var entries = _fake.OrderLog.Where(o => o.Ticker == Kc).ToList();
        Assert.All(entries, o => Assert.Equal(FakeOrderOutcome.Placed, o.Outcome));
        Assert.All(entries.GroupBy(o => o.ClientOrderId), g => Assert.Single(g)); // each entry (one per strategy version) sent once
        var entry = entries[0];
        Assert.Equal("bid", entry.Side); // V2: buying YES is a bid
        var file = Path.Combine(data, "precog.db");
        await Eventually.Holds(async () => await TradeAndPositionAsync(file, entry.ClientOrderId!), Patience);

        // when a fifth of the calls fail, the socket drops, and an edge appears in the other game
        _fake.Faults = new FakeKalshiFaults(ServerErrorRate: 0.2);
        var connections = _fake.SocketConnections;
        _fake.DisconnectSockets();
        await _fake.UntilAsync(f => f.SocketConnections > connections, "the node reconnect", Patience);
        _fake.AfterNextAccept(AfterAccept.ServerError); // and the next create is accepted but answered 500: the node cannot know it exists
        _fake.SetBook(Sf, [(0.68m, 5000)], [(0.29m, 5000)]);
        await Eventually.Holds(() => Task.FromResult(_fake.OrderLog.Any(o => o.Ticker == Sf && o.Accepted)), Patience);
        var sfEntry = _fake.OrderLog.First(o => o.Ticker == Sf && o.Accepted);
        await Eventually.Holds(async () => await TradeAndPositionAsync(file, sfEntry.ClientOrderId!), Patience); // resolved and recorded
        _fake.Faults = FakeKalshiFaults.None;

        // then no client order id became two orders, and the fake holds one order per id accepted
        var log = _fake.OrderLog;
        var accepted = log.Where(o => o.Accepted).ToList();
        Assert.All(accepted.GroupBy(o => o.ClientOrderId), g => Assert.Single(g));
        Assert.Equal(accepted.Count, _fake.OrderCount);
        Assert.Contains(log, o => o.Outcome == FakeOrderOutcome.PlacedThenServerError);
        Assert.DoesNotContain(log, o => o.Outcome == FakeOrderOutcome.Unauthorized);
        _venues.AssertNoKeyMaterial(data, node.Out + node.Err); // nor in anything the node wrote
    }

    [Fact]
    public async Task Node_links_a_market_to_its_espn_game_and_a_live_state_on_the_scoreboard_reaches_its_game_and_edges()
    {
        // given ESPN shows Carolina at Kansas City before kickoff, and no game of New England at San Francisco
        _espn.Serve(EspnScoreboardBuilder.Build(ScriptedGame.Scheduled(KcEspnId, KcKickoff, KcTeam, CarTeam)));
        var data = Path.Combine(_dir, "data");
        var file = Path.Combine(data, "precog.db");
        await using var node = NodeProcess.Start(_venues.Environment(), "--data-dir", data, "--exchange", "kalshi-demo", "--config", _venues.ConfigFile());
        try
        {
            await node.WaitForLineAsync("Kalshi node trading", Patience);

            // then KC's markets are linked to the ESPN game, SF's to their ticker's game (the event ticker)
            await Eventually.Holds(async () => await LinkedGameAsync(file, Kc) == KcEspnId && await LinkedGameAsync(file, $"{KcGame}-CAR") == KcEspnId
                && await LinkedGameAsync(file, Sf) == SfGame, Patience);
            Assert.Empty(_fake.OrderLog); // fair books at the pregame price: nothing to enter

            // when the game goes live with Carolina 21-3 up late in the fourth quarter
            _espn.Serve(EspnScoreboardBuilder.Build(ScriptedGame.Live(KcEspnId, KcKickoff, KcTeam, CarTeam, 3, 21, 4, "2:00", CarTeam.Id, 1, 10)));

            // then the node's games table holds the live score, and YES on KC at 0.86 is now far over the game's worth
            await Eventually.Holds(async () => await GameStateAsync(file, KcEspnId) == "live 3-21 Q4", Patience);
            await Eventually.Holds(() => Task.FromResult(_fake.OrderLog.Any(o => o.Ticker?.StartsWith(KcGame, StringComparison.Ordinal) == true)), Patience);
            Assert.DoesNotContain(_fake.OrderLog, o => o.Ticker?.StartsWith(SfGame, StringComparison.Ordinal) == true); // SF's game never moved

            // and why SF is on its ticker's game is said once, however many listings have passed
            await node.WaitForLineAsync("KXNFLGAME-26JAN04NESF-SF priced on its ticker's pregame game", Patience);
            Assert.Equal(1, Occurrences(node.Out, "KXNFLGAME-26JAN04NESF-SF priced on"));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- node output ---\n{node.Out}\n{node.Err}", e);
        }
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private static async Task<string?> LinkedGameAsync(string file, string ticker)
    {
        if (!File.Exists(file)) return null;
        await using var db = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT json_extract(metadata, '$.game.external_game_id') FROM markets WHERE ticker = $t AND row_current_ind = 1";
        cmd.Parameters.AddWithValue("$t", ticker);
        return await cmd.ExecuteScalarAsync() as string;
    }

    private static async Task<string?> GameStateAsync(string file, string gameId)
    {
        await using var db = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = """
            SELECT status || ' ' || home_score || '-' || away_score || ' ' || period FROM game_states
            WHERE external_game_id = $id AND sport = 'nfl' AND row_current_ind = 1
            """;
        cmd.Parameters.AddWithValue("$id", gameId);
        return await cmd.ExecuteScalarAsync() as string;
    }

    private static async Task<bool> TradeAndPositionAsync(string file, string clientOrderId)
    {
        await using var db = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = """
            SELECT COUNT(*) FROM trades t JOIN positions p ON p.position_uuid = t.position_uuid
            WHERE lower(t.client_order_id) = lower($id) AND t.side = 'buy' AND t.quantity > 0 AND p.side = 'yes'
            """;
        cmd.Parameters.AddWithValue("$id", clientOrderId);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0;
    }
}
