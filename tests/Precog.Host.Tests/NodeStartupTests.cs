using Microsoft.Data.Sqlite;
using Precog.Persistence;
using Precog.Persistence.Schema;

namespace Precog.Host.Tests;

public class NodeStartupTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("precog-node-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Node_start_brings_the_default_sqlite_file_in_its_data_folder_to_the_latest_schema_with_the_teams()
    {
        var data = Path.Combine(_dir, "data");
        var migrations = Migration.For(DatabaseProvider.Sqlite);
        await using var node = NodeProcess.Start("--data-dir", data);

        await node.WaitForLineAsync($"schema is now at version {migrations.Count}", Patience);
        await node.WaitForLineAsync("Precog node started", Patience);
        node.Terminate();

        Assert.Equal(0, await node.ExitCodeAsync(Patience));
        var file = Path.Combine(data, "precog.db");
        Assert.Contains($"Database {DatabaseTarget.Sqlite(file)}: applied {string.Join(", ", migrations)}", node.Out);
        await using var db = await MigrationRunner.OpenAsync(DatabaseTarget.Sqlite(file));
        Assert.Equal(migrations.Select(m => m.Checksum), await ColumnAsync(db, "SELECT checksum FROM schema_version ORDER BY version"));
        Assert.Equal(["32"], await ColumnAsync(db, "SELECT COUNT(*) FROM teams"));
    }

    [Fact]
    public async Task Node_that_cannot_open_its_database_logs_one_line_without_the_password_and_exits_1()
    {
        const string secret = "s3cret-never-shown";
        await using var node = NodeProcess.Start("--data-dir", Path.Combine(_dir, "data"),
            "--db", $"Host=127.0.0.1;Port=1;Username=precog;Password={secret};Database=precog;Timeout=5");

        Assert.Equal(1, await node.ExitCodeAsync(Patience));
        var fatal = Assert.Single(node.Out.Split('\n'), l => l.Contains("FTL", StringComparison.Ordinal));
        Assert.Contains("Precog node cannot start: cannot open the database Host=127.0.0.1;Port=1;Username=precog;Password=***", fatal);
        Assert.DoesNotContain(secret, node.Out + node.Err);
        Assert.DoesNotContain("Precog node started", node.Out);
    }

    [Fact]
    public async Task Node_refuses_an_unparseable_database_with_one_line_and_exit_code_2()
    {
        await using var node = NodeProcess.Start("--data-dir", Path.Combine(_dir, "data"), "--db", "nonsense");

        Assert.Equal(2, await node.ExitCodeAsync(Patience));
        Assert.StartsWith("precog node: --db: the database is neither PostgreSQL", Assert.Single(node.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    private static async Task<List<string>> ColumnAsync(System.Data.Common.DbConnection db, string sql)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return values;
    }

    [Fact]
    public async Task Node_starts_on_the_embedded_defaults_logs_to_its_data_folder_and_stops_cleanly()
    {
        var data = Path.Combine(_dir, "data");
        await using var node = NodeProcess.Start("--data-dir", data);

        await node.WaitForLineAsync("Precog node started", Patience);
        await node.WaitForLineAsync("Trading rules: min edge 0.05, Kelly fraction 0.25", Patience);

        node.Terminate();
        Assert.Equal(0, await node.ExitCodeAsync(Patience));
        var log = Assert.Single(Directory.GetFiles(Path.Combine(data, "logs"), "precog-*.log"));
        Assert.Contains("Precog node started", await File.ReadAllTextAsync(log));
    }

    [Fact]
    public async Task Node_refuses_a_bad_configuration_with_one_line_naming_the_key_and_exit_code_2()
    {
        var conf = Path.Combine(_dir, "bad.conf");
        await File.WriteAllTextAsync(conf, "precog.trading.sizing.kelly-fraction = 1.5");
        await using var node = NodeProcess.Start("--config", conf, "--data-dir", Path.Combine(_dir, "data"));

        Assert.Equal(2, await node.ExitCodeAsync(Patience));
        var line = Assert.Single(node.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("precog.trading.sizing.kelly-fraction = 1.5 must lie in [0, 1]", line);
    }

    [Fact]
    public async Task Node_trades_under_the_config_overrides_in_force_and_refuses_to_start_on_a_bad_one()
    {
        var data = Path.Combine(_dir, "data");
        var file = DatabaseTarget.Sqlite(Path.Combine(data, "precog.db"));
        await MigrationRunner.MigrateAsync(file, null);
        await using (var db = await MigrationRunner.OpenAsync(file))
        await using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "INSERT INTO config_overrides (config_key, override_value, data_type, reason, applied_by) VALUES " +
                              "('precog.trading.entry.min-edge', '0.08', 'float', 'thin markets today', 'alice')";
            await cmd.ExecuteNonQueryAsync();
        }

        await using (var node = NodeProcess.Start("--data-dir", data))
        {
            await node.WaitForLineAsync("Trading rules: min edge 0.08,", Patience);
            node.Terminate();
            Assert.Equal(0, await node.ExitCodeAsync(Patience));
            Assert.Contains("config_overrides in force: precog.trading.entry.min-edge = 0.08", node.Out);
        }

        await using (var db = await MigrationRunner.OpenAsync(file))
        await using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "INSERT INTO config_overrides (config_key, override_value, data_type) VALUES ('precog.trading.entry.min-edge', '7', 'float')";
            await cmd.ExecuteNonQueryAsync();
        }
        await using var refused = NodeProcess.Start("--data-dir", data);
        Assert.Equal(1, await refused.ExitCodeAsync(Patience));
        Assert.Contains("Precog node cannot start: ", refused.Out);
        Assert.Contains("precog.trading.entry.min-edge", refused.Out);
        Assert.DoesNotContain("Precog node started", refused.Out);
    }

    [Fact]
    public async Task The_node_projects_its_journal_into_the_tables_while_it_runs()
    {
        // given a journal already holding a day of events in the node's default database
        var data = Path.Combine(_dir, "data");
        var file = DatabaseTarget.Sqlite(Path.Combine(data, "precog.db"));
        await MigrationRunner.MigrateAsync(file, null);
        var scenario = new ScdScenario(seed: 21, markets: 5, positions: 10);
        await using (var feeder = new JournalFeeder(file))
            await feeder.PersistSlice(scenario, 0, 1);

        // when the node runs, its SCD writer catches up with the journal
        await using var node = NodeProcess.Start("--data-dir", data);
        await node.WaitForLineAsync("Precog node started", Patience);
        var deadline = DateTime.UtcNow + Patience;
        List<string> trades;
        while ((trades = await ColumnAsync(file, "SELECT COUNT(*) FROM trades"))[0] != scenario.All.OfType<Precog.Domain.Positions.FillRecorded>().Count().ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the node projected {trades[0]} trades within {Patience}");
            await Task.Delay(50);
        }
        node.Terminate();
        Assert.Equal(0, await node.ExitCodeAsync(Patience));

        // then the tables hold every market of the journal
        Assert.Equal([scenario.Streams.Keys.Count(k => k.StartsWith("market-", StringComparison.Ordinal)).ToString(System.Globalization.CultureInfo.InvariantCulture)],
            await ColumnAsync(file, "SELECT COUNT(*) FROM current_markets"));
    }

    private static async Task<List<string>> ColumnAsync(DatabaseTarget target, string sql)
    {
        await using var db = await MigrationRunner.OpenAsync(target);
        return await ColumnAsync(db, sql);
    }

    [Fact]
    public async Task Node_refuses_an_unknown_option()
    {
        await using var node = NodeProcess.Start("--colour", "blue");
        Assert.Equal(2, await node.ExitCodeAsync(Patience));
        Assert.Contains("--colour", node.Err);
    }

    [Fact]
    public async Task Simulated_node_refuses_paper_naming_the_venue_it_needs()
    {
        var dir = Directory.CreateTempSubdirectory("precog-paper-refused-").FullName;
        try
        {
            await using var node = NodeProcess.Start("--data-dir", dir, "--paper");
            Assert.Equal(2, await node.ExitCodeAsync(Patience));
            Assert.Contains("--paper trades a live venue's data on the simulator: give --exchange kalshi-demo or kalshi", node.Err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Cluster_node_refuses_paper_because_another_node_could_not_take_its_fills_over()
    {
        var dir = Directory.CreateTempSubdirectory("precog-paper-cluster-").FullName;
        try
        {
            // refused while reading the options: no database is reached and no key is read
            await using var node = NodeProcess.Start("--data-dir", dir, "--cluster", "--seed", "akka.tcp://precog@127.0.0.1:4053", "--paper", "--exchange", "kalshi-demo",
                "--db", "Host=127.0.0.1;Port=1;Database=precog;Username=precog");
            Assert.Equal(2, await node.ExitCodeAsync(Patience));
            Assert.Contains("--paper is a single node's", node.Err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
