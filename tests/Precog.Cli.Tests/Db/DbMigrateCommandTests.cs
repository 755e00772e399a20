using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Precog.Persistence;
using Precog.Persistence.Schema;

namespace Precog.Cli.Tests.Db;

public sealed class PostgresDbMigrateTests(PostgresDatabase server) : DbMigrateContract, IClassFixture<PostgresDatabase>
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    protected override Task<string> NewDatabaseAsync() => server.CreateSchemaAsync();

    protected override (string Db, string? Secret) Unreachable() =>
        ("Host=127.0.0.1;Port=1;Username=precog;Password=s3cret-never-shown;Database=precog;Timeout=5", "s3cret-never-shown");
}

public sealed class SqliteDbMigrateTests : DbMigrateContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("precog-db-").FullName;

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> NewDatabaseAsync() => Task.FromResult(Path.Combine(_dir, Guid.NewGuid().ToString("N"), "precog.db"));

    /// <summary>A file where the database's folder should be.</summary>
    protected override (string Db, string? Secret) Unreachable()
    {
        var file = Path.Combine(_dir, "not-a-folder");
        File.WriteAllText(file, "");
        return (Path.Combine(file, "precog.db"), null);
    }

    [Fact]
    public async Task Without_db_the_binary_migrates_data_precog_db_in_the_working_folder_and_seeds_the_shared_teams()
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "precog.dll"), "db", "migrate" }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((0, ""), (process.ExitCode, await errors));
        var file = Path.Combine(_dir, "data", "precog.db");
        Assert.Contains($"database: {DatabaseTarget.Sqlite(file)}", await output);
        Assert.Contains($"teams: 32 new from {TeamsCsv}", await output);
        await using var connection = await MigrationRunner.OpenAsync(DatabaseTarget.Sqlite(file));
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MAX(version) FROM schema_version";
        Assert.Equal((long)Migration.For(DatabaseProvider.Sqlite).Count, await cmd.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>What `precog db migrate` refuses before it touches any database.</summary>
public class DbMigrateInputTests
{
    [Theory]
    [InlineData("nonsense", "precog: --db: the database is neither PostgreSQL")]
    [InlineData("Host=127.0.0.1;Bogus=1;Password=topsecret", "precog: --db: not a valid PostgreSQL connection string")]
    [InlineData("Host=127.0.0.1;Port=abc;Password=topsecret", "precog: --db: not a valid PostgreSQL connection string")]
    public void An_unparseable_connection_string_is_one_line_without_its_password_and_exit_code_2(string db, string expected)
    {
        var run = CliRun.Precog("db", "migrate", "--db", db);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(expected, Assert.Single(run.ErrLines));
        Assert.DoesNotContain("topsecret", run.Err);
    }

    [Fact]
    public void A_teams_file_that_does_not_exist_is_refused_before_migrating()
    {
        var db = Path.Combine(Path.GetTempPath(), $"precog-never-{Guid.NewGuid():N}", "precog.db");

        var run = CliRun.Precog("db", "migrate", "--db", db, "--teams", "/no/such/teams.csv");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("precog: --teams: '/no/such/teams.csv' does not exist", Assert.Single(run.ErrLines));
        Assert.False(Directory.Exists(Path.GetDirectoryName(db)));
    }
}
