using System.Globalization;
using Microsoft.Data.Sqlite;
using Precog.Backtest.Replay;
using Precog.Backtest.Tapes;
using Precog.Cli;
using Precog.Persistence;
using Precog.Testing.FakeFeeds;

namespace Precog.Host.Tests;

/// <summary>
/// `--paper --record TAPE` on a fake Kalshi (REST and WebSocket on 127.0.0.1): the node trades the fake's live books with
/// every order filled by its simulator, so the fake's order log (every create request it received) stays empty while
/// the node's database fills with positions and trades tagged paper; the tape it records when stopped reads back and
/// a backtest over it trades the same edge.
/// </summary>
public sealed class PaperNodeTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Kansas City (Elo 1660) at home to Carolina (1370): the pregame model gives KC about 0.87
    private const string KcGame = "KXNFLGAME-26JAN04CARKC";
    private const string Kc = KcGame + "-KC";

    private FakeVenues _venues = null!;

    public async Task InitializeAsync()
    {
        _venues = await FakeVenues.StartAsync("paper-node");
        _venues.Espn.Serve(EspnScoreboardBuilder.Build()); // no games: the market on its ticker's pregame game
        _venues.Kalshi.ListMarket(Kc, KcGame, "KXNFLGAME", "CAR at KC: KC wins");
        _venues.Kalshi.SetSeries("KXNFLGAME", "quadratic", 1m);
        _venues.Kalshi.SetBook(Kc, [(0.86m, 500)], [(0.12m, 500)]); // fair: nothing to enter
    }

    public async Task DisposeAsync() => await _venues.DisposeAsync();

    [Fact]
    public async Task Paper_node_fills_on_the_simulator_sends_kalshi_no_order_tags_rows_paper_and_records_a_tape_a_backtest_trades()
    {
        var data = Path.Combine(_venues.Directory, "data");
        var tapeFile = Path.Combine(_venues.Directory, "live.tape.gz");
        var fake = _venues.Kalshi;
        await using var node = NodeProcess.Start(_venues.Environment(), "--data-dir", data, "--exchange", "kalshi-demo", "--paper", "--record", tapeFile,
            "--config", _venues.ConfigFile());
        var db = Path.Combine(data, "precog.db");
        try
        {
            await node.WaitForLineAsync("Kalshi node trading", Patience);
            await fake.UntilAsync(f => _venues.Subscribed(Kc), "the node's book subscription", Patience);

            // given the book falls a dozen cents under the model: YES on KC asked at 0.73 against 0.87
            fake.SetBook(Kc, [(0.70m, 5000)], [(0.27m, 5000)]);
            await Eventually.Holds(async () => await CountAsync(db, "trades", "paper") > 0 && await CountAsync(db, "positions", "paper") > 0, Patience);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- node output ---\n{node.Out}\n{node.Err}", e);
        }

        // then the entries were filled by the simulator: Kalshi never received an order, and no row is tagged live
        Assert.Empty(fake.OrderLog);
        Assert.Equal(0, fake.OrderCount);
        Assert.Equal(0, await CountAsync(db, "trades", "live") + await CountAsync(db, "positions", "live"));

        // when the node is stopped, its tape is closed: header, the market's listing, its books and its game
        node.Terminate();
        Assert.Equal(0, await node.ExitCodeAsync(Patience));
        Assert.False(File.Exists(tapeFile + ".partial"));
        var tape = TapeReader.Read(tapeFile);
        Assert.Equal("node kalshi-demo paper", tape.Header.Source);
        Assert.Equal(tape.Events[0].At, tape.Header.From);
        Assert.Equal(tape.Events[^1].At, tape.Header.To);
        Assert.Contains(tape.Events, e => e is MarketListed { Ticker: Kc, League: "nfl", GameId: KcGame });
        Assert.Contains(tape.Events, e => e is BookSnapshotted { Ticker: Kc } b && b.YesBids.Any(l => l.Price == 0.70m && l.Size == 5000));
        Assert.Contains(tape.Events, e => e is GameStateRecorded { GameId: KcGame, Home: "KC", Away: "CAR", HomeElo: > 0, AwayElo: > 0 });
        Assert.Contains($"Tape closed: {tape.Events.Count} events written, 0 dropped", node.Out + node.Err, StringComparison.Ordinal);

        // and a backtest over the tape trades the edge the node traded
        var report = Path.Combine(_venues.Directory, "report");
        var result = await BacktestRun.RunAsync(new BacktestOptions(tape, [BacktestCommand.Strategy("nfl_value:v1.0")], 1,
            DatabaseTarget.Sqlite(Path.Combine(report, "backtest.db")), report), new ReplayProgress());
        Assert.Equal(tape.Events.Count, result.Events);
        Assert.True(await CountAsync(Path.Combine(report, "backtest.db"), "trades", "backtest") > 0, "the backtest over the recorded tape made no trade");
    }

    private static async Task<long> CountAsync(string file, string table, string environment)
    {
        if (!File.Exists(file)) return 0;
        await using var db = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {table} WHERE execution_environment = $env";
        cmd.Parameters.AddWithValue("$env", environment);
        try
        {
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return 0; // the schema not migrated yet
        }
    }
}
