using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Precog.Persistence;
using Precog.Persistence.Schema;

namespace Precog.Host.Tests;

/// <summary>The node's run command, end to end: a scripted game day on the simulated exchange, into the default SQLite file.</summary>
public sealed partial class GameDayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("precog-day-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_day_of_trading_ends_in_the_summary_with_every_position_ended_and_every_trade_attributed()
    {
        var data = Path.Combine(_dir, "data");
        await using var node = NodeProcess.Start("--data-dir", data, "--games", "3", "--seed", "3", "--speed", "240");

        Assert.Equal(0, await node.ExitCodeAsync(TimeSpan.FromMinutes(4)));

        // the summary was printed, and it agrees with the tables
        Assert.Contains("==== Game day summary ====", node.Out);
        var printed = long.Parse(TradesLine().Match(node.Out).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var db = DatabaseTarget.Sqlite(Path.Combine(data, "precog.db"));
        Assert.Equal(printed, await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM trades"));
        Assert.True(printed > 0, "the scripted day should trade");

        // every trade carries the exact strategy and model versions it was made under
        Assert.Equal(0, await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM trades t LEFT JOIN strategies s ON s.strategy_id = t.strategy_id " +
                                         "LEFT JOIN probability_models m ON m.model_id = t.model_id WHERE s.strategy_id IS NULL OR m.model_id IS NULL"));
        Assert.Equal(0, await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM trades t JOIN strategies s ON s.strategy_id = t.strategy_id " +
                                         "WHERE s.strategy_name || ' ' || s.strategy_version NOT IN ('nfl_value v1.0', 'nfl_value v1.1')"));

        // every market settled and no position was forgotten: each has one current row, closed or settled
        Assert.Equal(3, await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM current_markets WHERE status = 'settled'"));
        Assert.Equal(0, await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM (SELECT position_uuid FROM positions GROUP BY position_uuid " +
                                         "HAVING SUM(CASE WHEN row_current_ind = 1 THEN 1 ELSE 0 END) <> 1) x"));
        Assert.Equal(0, await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM positions WHERE row_current_ind = 1 AND status NOT IN ('closed', 'settled')"));
    }

    [Fact]
    public async Task The_same_seed_and_start_play_the_same_day_twice_down_to_every_journaled_event_and_trade()
    {
        string[] day = ["--games", "2", "--seed", "11", "--start", "2025-12-07T18:00:00Z"];
        var first = Path.Combine(_dir, "first");
        var second = Path.Combine(_dir, "second");
        await using (var node = NodeProcess.Start(["--data-dir", first, .. day]))
            Assert.Equal(0, await node.ExitCodeAsync(TimeSpan.FromMinutes(3)));
        await using (var node = NodeProcess.Start(["--data-dir", second, .. day]))
            Assert.Equal(0, await node.ExitCodeAsync(TimeSpan.FromMinutes(3)));

        // the engine's own events (not Akka's sharding bookkeeping), in each entity's order, byte for byte
        const string journal = "SELECT persistence_id || '#' || sequence_number || ' ' || manifest || ' ' || hex(message) FROM journal " +
                               "WHERE persistence_id NOT LIKE '/%' AND persistence_id NOT LIKE 'gateway-%' ORDER BY persistence_id, sequence_number";
        // the gateway's routing journal interleaves concurrent orders as their journal writes complete (real I/O):
        // the same events, each with the same payload, but not by sequence number
        const string routes = "SELECT persistence_id || ' ' || manifest || ' ' || hex(message) FROM journal WHERE persistence_id LIKE 'gateway-%' ORDER BY 1";
        // every trade with its ids, prices, fees, times and attribution
        const string trades = "SELECT trade_external_id || ' ' || position_uuid || ' ' || client_order_id || ' ' || side || ' ' || price || ' ' || quantity || ' ' || " +
                              "fees || ' ' || execution_time || ' ' || strategy_id || ' ' || model_id FROM trades ORDER BY execution_time, trade_external_id";
        var a = DatabaseTarget.Sqlite(Path.Combine(first, "precog.db"));
        var b = DatabaseTarget.Sqlite(Path.Combine(second, "precog.db"));
        var tradesA = await NodeDatabase.Rows(a, trades);
        Assert.NotEmpty(tradesA);
        Assert.Equal(tradesA, await NodeDatabase.Rows(b, trades));
        var journalA = await NodeDatabase.Rows(a, journal);
        Assert.Contains(journalA, e => e.StartsWith("position-", StringComparison.Ordinal));
        Assert.Equal(journalA, await NodeDatabase.Rows(b, journal));
        var routesA = await NodeDatabase.Rows(a, routes);
        Assert.NotEmpty(routesA);
        Assert.Equal(routesA, await NodeDatabase.Rows(b, routes));
    }

    [GeneratedRegex(@"trades\s+(\d+)")]
    private static partial Regex TradesLine();
}
