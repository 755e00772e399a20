using System.Data.Common;
using System.Text.Json;
using Precog.Persistence;
using Precog.Persistence.Schema;

namespace Precog.Cli.Tests.Db;

/// <summary>`precog db migrate` on one kind of database: the same verb, the same answers, on PostgreSQL and SQLite.</summary>
public abstract class DbMigrateContract
{
    protected static readonly string TeamsCsv = SharedData.Path("data", "nfl_teams_initial_elo.csv");

    protected abstract DatabaseProvider Provider { get; }

    /// <summary>The --db text of a new, empty database.</summary>
    protected abstract Task<string> NewDatabaseAsync();

    /// <summary>A --db that cannot be opened, and a secret in it that no output may show (or null).</summary>
    protected abstract (string Db, string? Secret) Unreachable();

    private IReadOnlyList<Migration> Embedded => Migration.For(Provider);

    [Fact]
    public async Task Migrate_applies_every_migration_and_seeds_the_teams_then_finds_the_schema_up_to_date()
    {
        var db = await NewDatabaseAsync();

        var first = CliRun.Precog("db", "migrate", "--db", db, "--teams", TeamsCsv);
        var second = CliRun.Precog("db", "migrate", "--db", db, "--teams", TeamsCsv);

        Assert.Equal((0, ""), (first.ExitCode, first.Err));
        Assert.Equal(
            [$"database: {DatabaseTarget.Parse(db)}", $"applied {string.Join(", ", Embedded)}: schema is now at version {Embedded.Count}", $"teams: 32 new from {TeamsCsv}"],
            first.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal((0, ""), (second.ExitCode, second.Err));
        Assert.Contains($"schema is up to date at version {Embedded.Count}\n", second.Out);
        Assert.Contains($"teams: 0 new from {TeamsCsv}\n", second.Out);
    }

    [Fact]
    public async Task Json_lists_the_applied_migrations_the_version_and_the_teams()
    {
        var db = await NewDatabaseAsync();

        var run = CliRun.Precog("db", "migrate", "--db", db, "--teams", TeamsCsv, "--json");

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(DatabaseTarget.Parse(db).ToString(), root.GetProperty("database").GetString());
        Assert.Equal(Provider == DatabaseProvider.PostgreSql ? "postgresql" : "sqlite", root.GetProperty("provider").GetString());
        Assert.Equal(Embedded.Select(m => (m.Version, m.Name, m.Checksum)),
            root.GetProperty("applied").EnumerateArray().Select(a => (a.GetProperty("version").GetInt32(), a.GetProperty("name").GetString()!, a.GetProperty("checksum").GetString()!)));
        Assert.Equal(Embedded.Count, root.GetProperty("version").GetInt32());
        Assert.Equal(32, root.GetProperty("teams").GetProperty("seeded").GetInt32());
        Assert.Equal(TeamsCsv, root.GetProperty("teams").GetProperty("file").GetString());
    }

    [Fact]
    public async Task A_migration_changed_since_it_was_applied_is_one_line_naming_it_and_exit_code_2()
    {
        var db = await NewDatabaseAsync();
        Assert.Equal(0, CliRun.Precog("db", "migrate", "--db", db).ExitCode);
        await using (var connection = await MigrationRunner.OpenAsync(DatabaseTarget.Parse(db)))
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "UPDATE schema_version SET checksum = 'edited' WHERE version = 1";
            await cmd.ExecuteNonQueryAsync();
        }

        var run = CliRun.Precog("db", "migrate", "--db", db);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"precog: migration {Embedded[0]} was changed after it was applied", Assert.Single(run.ErrLines));
    }

    [Fact]
    public void A_database_that_cannot_be_opened_is_one_line_naming_it_without_its_password_and_exit_code_2()
    {
        var (db, secret) = Unreachable();

        var run = CliRun.Precog("db", "migrate", "--db", db);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"precog: cannot open the database {DatabaseTarget.Parse(db)}", Assert.Single(run.ErrLines));
        Assert.Equal("", run.Out);
        if (secret is not null)
        {
            Assert.Contains("Password=***", run.Err);
            Assert.DoesNotContain(secret, run.Err);
        }
    }
}
