using System.Globalization;
using Precog.Persistence.Schema;

namespace Precog.Persistence.Tests.Schema;

/// <summary>The migration runner on a real database: from empty, again, refusing changed or unknown migrations, seeding.</summary>
public abstract class MigrationContract : IAsyncLifetime
{
    private static readonly string TeamsCsv = SharedData.Path("data", "nfl_teams_initial_elo.csv");

    private DatabaseTarget _target = null!;

    protected abstract SchemaDatabase Database { get; }

    private IReadOnlyList<Migration> Embedded => Migration.For(Database.Provider);

    public async Task InitializeAsync() => _target = await Database.CreateEmptyAsync();

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [Fact]
    public async Task Migrating_an_empty_database_applies_every_migration_from_001_in_order_and_records_each()
    {
        var report = await MigrationRunner.MigrateAsync(_target, teamsCsv: null);

        Assert.Equal(Enumerable.Range(1, Embedded.Count), Embedded.Select(m => m.Version)); // 001..N, no gaps
        Assert.Equal(Embedded.Select(m => m.ToString()), report.Applied.Select(m => m.ToString()));
        Assert.Equal(Embedded.Count, report.Version);
        using var c = Database.Open(_target);
        var recorded = SchemaDatabase.Rows(c, "SELECT version, name, checksum FROM schema_version ORDER BY version");
        Assert.Equal(Embedded.Select(m => new[] { m.Version.ToString(CultureInfo.InvariantCulture), m.Name, m.Checksum }), recorded);
    }

    [Fact]
    public async Task A_second_run_applies_nothing_and_changes_nothing()
    {
        var first = await MigrationRunner.MigrateAsync(_target, TeamsCsv);
        var before = Snapshot();

        var second = await MigrationRunner.MigrateAsync(_target, TeamsCsv);

        Assert.NotEmpty(first.Applied);
        Assert.Empty(second.Applied);
        Assert.Equal(first.Version, second.Version);
        Assert.Equal(0, second.TeamsSeeded);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task A_migration_changed_after_it_was_applied_is_refused_by_name_and_nothing_runs()
    {
        await MigrationRunner.MigrateAsync(_target, teamsCsv: null);
        var edited = Embedded[0] with { Sql = Embedded[0].Sql + "\n-- an innocent-looking edit\n" };
        var newer = new Migration(Embedded.Count + 1, "after_the_edit", "CREATE TABLE after_the_edit (x INT);");

        var refused = await Assert.ThrowsAsync<MigrationException>(() =>
            MigrationRunner.MigrateAsync(_target, null, [edited, .. Embedded.Skip(1), newer], CancellationToken.None));

        Assert.Contains($"migration {Embedded[0]} was changed", refused.Message);
        using var c = Database.Open(_target);
        Assert.DoesNotContain("after_the_edit", Database.Relations(c, views: false));
        Assert.Equal(Embedded[0].Checksum, SchemaDatabase.Scalar(c, "SELECT checksum FROM schema_version WHERE version = 1"));
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_build_is_refused()
    {
        await MigrationRunner.MigrateAsync(_target, teamsCsv: null);

        var refused = await Assert.ThrowsAsync<MigrationException>(() =>
            MigrationRunner.MigrateAsync(_target, null, Embedded.SkipLast(1).ToList(), CancellationToken.None));

        Assert.Contains($"migration {Embedded[^1].Version:000}, newer than this build", refused.Message);
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_whole_and_not_recorded()
    {
        var broken = new Migration(Embedded.Count + 1, "broken", "CREATE TABLE half_done (x INT);\nINSERT INTO no_such_table VALUES (1);");

        var refused = await Assert.ThrowsAsync<MigrationException>(() =>
            MigrationRunner.MigrateAsync(_target, null, [.. Embedded, broken], CancellationToken.None));

        Assert.Contains($"migration {broken} failed and was rolled back", refused.Message);
        using var c = Database.Open(_target);
        Assert.DoesNotContain("half_done", Database.Relations(c, views: false));
        Assert.Equal(Embedded.Count.ToString(CultureInfo.InvariantCulture), SchemaDatabase.Scalar(c, "SELECT MAX(version) FROM schema_version"));
        Assert.Empty((await MigrationRunner.MigrateAsync(_target, teamsCsv: null)).Applied); // the good ones stay applied
    }

    [Fact]
    public async Task Teams_are_seeded_from_the_shared_csv_and_the_platforms_are_kalshi_and_polymarket()
    {
        var report = await MigrationRunner.MigrateAsync(_target, TeamsCsv);

        var csv = File.ReadAllLines(TeamsCsv).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        Assert.Equal(32, csv.Count);
        Assert.Equal(32, report.TeamsSeeded);
        Assert.Null(report.Warning);
        using var c = Database.Open(_target);
        var teams = SchemaDatabase.Rows(c, "SELECT team_code, team_name, conference, division, initial_elo, current_elo, sport FROM teams")
            .OrderBy(t => t[0], StringComparer.Ordinal).ToList();
        var expected = csv.OrderBy(f => f[0], StringComparer.Ordinal)
            .Select(f => new[] { f[0], f[1], f[2], f[3], SqliteText.Decimal(decimal.Parse(f[4], CultureInfo.InvariantCulture)) });
        Assert.Equal(expected, teams.Select(t => t[..5]));
        Assert.All(teams, t => Assert.Equal((t[4], "nfl"), (t[5], t[6]))); // current_elo starts at initial_elo
        Assert.Equal(["kalshi", "polymarket"], SchemaDatabase.Rows(c, "SELECT platform_id FROM platforms ORDER BY platform_id").Select(r => r[0]));
    }

    [Fact]
    public async Task Seeding_twice_duplicates_neither_teams_nor_platforms()
    {
        await MigrationRunner.MigrateAsync(_target, TeamsCsv);
        var again = await MigrationRunner.MigrateAsync(_target, TeamsCsv);

        Assert.Equal(0, again.TeamsSeeded);
        using var c = Database.Open(_target);
        Assert.Equal("32", SchemaDatabase.Scalar(c, "SELECT COUNT(*) FROM teams"));
        Assert.Equal("2", SchemaDatabase.Scalar(c, "SELECT COUNT(*) FROM platforms"));
    }

    [Fact]
    public async Task A_missing_teams_file_seeds_nothing_and_says_so()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.csv");

        var report = await MigrationRunner.MigrateAsync(_target, missing);

        Assert.Equal(0, report.TeamsSeeded);
        Assert.Equal($"teams not seeded: '{missing}' does not exist", report.Warning);
        using var c = Database.Open(_target);
        Assert.Equal("0", SchemaDatabase.Scalar(c, "SELECT COUNT(*) FROM teams"));
    }

    [Theory]
    [InlineData("BUF,Buffalo Bills,AFC,East,1620.12345", ":3: initial_elo '1620.12345' is not a positive number")]
    [InlineData("BUF,Buffalo Bills,AFC,1620", ":3: 4 columns, expected 5")]
    public async Task A_malformed_teams_file_is_refused_naming_its_line_and_seeds_nothing(string badRow, string expected)
    {
        var csv = Path.Combine(Path.GetTempPath(), $"teams-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(csv, [TeamsSeed.Header, "MIA,Miami Dolphins,AFC,East,1540", badRow]);
        try
        {
            var refused = await Assert.ThrowsAsync<MigrationException>(() => MigrationRunner.MigrateAsync(_target, csv));

            Assert.Contains(csv + expected, refused.Message);
            using var c = Database.Open(_target);
            Assert.Equal("0", SchemaDatabase.Scalar(c, "SELECT COUNT(*) FROM teams"));
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task A_database_that_cannot_be_opened_is_named_with_its_password_masked()
    {
        var (target, secret) = Database.Unreachable();

        var refused = await Assert.ThrowsAsync<MigrationException>(() => MigrationRunner.MigrateAsync(target, TeamsCsv));

        Assert.StartsWith($"cannot open the database {target}: ", refused.Message);
        if (secret is not null)
        {
            Assert.Contains("Password=***", refused.Message);
            Assert.DoesNotContain(secret, refused.ToString()); // nor in any inner exception's message
        }
    }

    /// <summary>What a run could change: the recorded migrations, every relation with its columns, the seeded rows.</summary>
    private string Snapshot()
    {
        using var c = Database.Open(_target);
        var relations = Database.Relations(c, views: false).Concat(Database.Relations(c, views: true)).Order(StringComparer.Ordinal);
        return string.Join('\n', [
            .. SchemaDatabase.Rows(c, "SELECT * FROM schema_version ORDER BY version").Select(r => string.Join('|', r)),
            .. relations.Select(r => r + ": " + string.Join(',', Database.Columns(c, r))),
            .. SchemaDatabase.Rows(c, "SELECT * FROM teams ORDER BY team_id").Select(r => string.Join('|', r)),
            .. SchemaDatabase.Rows(c, "SELECT * FROM platforms ORDER BY platform_id").Select(r => string.Join('|', r)),
        ]);
    }
}
