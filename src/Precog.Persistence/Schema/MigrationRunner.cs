using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Precog.Persistence.Schema;

/// <summary>
/// What one run of the migrations did: the migrations it applied (none when the schema was up to date), the
/// schema version the database is at now, and the teams it seeded from which file (with a warning when the
/// file was missing).
/// </summary>
public sealed record MigrationReport(IReadOnlyList<Migration> Applied, int Version, string? TeamsFile, int TeamsSeeded, string? Warning)
{
    /// <summary>One line for an operator: what was applied, or that nothing was.</summary>
    public string Schema => Applied.Count == 0
        ? $"schema is up to date at version {Version}"
        : $"applied {string.Join(", ", Applied)}: schema is now at version {Version}";

    /// <summary>One line for an operator: how many teams were new, or why none were seeded.</summary>
    public string Teams => Warning
        ?? (TeamsFile is null
            ? $"teams not seeded: no teams file given, and no {string.Join('/', TeamsSeed.SharedPath)} beside the repository"
            : $"teams: {TeamsSeeded} new from {TeamsFile}");
}

/// <summary>
/// Brings a database's schema up to date: applies the pending numbered migrations in order, each in its
/// own transaction with its row in schema_version, refuses to run when an applied migration's text has
/// changed, and seeds the teams. Idempotent. On PostgreSQL an advisory lock keeps two nodes starting at
/// once from migrating together. Every database error comes out as a <see cref="MigrationException"/>
/// naming the target with its password masked.
/// </summary>
public static class MigrationRunner
{
    private const long AdvisoryLockKey = 0x50726563_6F67; // "Precog"

    public static Task<MigrationReport> MigrateAsync(DatabaseTarget target, string? teamsCsv, CancellationToken ct = default) =>
        MigrateAsync(target, teamsCsv, Migration.For(target.Provider), ct);

    /// <summary>Runs the given migrations instead of the embedded ones (tests: a changed or a failing migration).</summary>
    internal static async Task<MigrationReport> MigrateAsync(DatabaseTarget target, string? teamsCsv, IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        await using var connection = await OpenAsync(target, ct);
        var pg = target.Provider == DatabaseProvider.PostgreSql;
        try
        {
            if (pg) await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", ct);
            try
            {
                return await MigrateAsync(connection, target.Provider, teamsCsv, migrations, ct);
            }
            finally
            {
                // a broken connection cannot unlock, but closing it (or Npgsql's reset on return to the pool) releases the lock
                if (pg) await TryExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})");
            }
        }
        catch (DbException e)
        {
            throw new MigrationException($"cannot migrate {target}: {e.Message}", e);
        }
    }

    private static async Task<MigrationReport> MigrateAsync(DbConnection connection, DatabaseProvider provider, string? teamsCsv, IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        await ExecuteAsync(connection, null, provider == DatabaseProvider.PostgreSql
            ? "CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, name VARCHAR NOT NULL, checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT NOW())"
            : "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))", ct);

        var applied = await AppliedAsync(connection, ct);
        foreach (var m in migrations.Where(m => applied.ContainsKey(m.Version)))
            if (applied[m.Version] != m.Checksum)
                throw new MigrationException($"migration {m} was changed after it was applied (checksum {applied[m.Version]} in the database, {m.Checksum} now): add a new migration instead");
        var unknown = applied.Keys.Except(migrations.Select(m => m.Version)).ToList();
        if (unknown.Count > 0)
            throw new MigrationException($"the database has migration {unknown.Max():000}, newer than this build of Precog knows");

        var done = new List<Migration>();
        foreach (var m in migrations.Where(m => !applied.ContainsKey(m.Version)))
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            try
            {
                await ExecuteAsync(connection, tx, m.Sql, ct);
                await ExecuteAsync(connection, tx, "INSERT INTO schema_version (version, name, checksum) VALUES (@v, @n, @c)", ct,
                    ("v", m.Version), ("n", m.Name), ("c", m.Checksum));
                await tx.CommitAsync(ct);
            }
            catch (DbException e)
            {
                throw new MigrationException($"migration {m} failed and was rolled back: {e.Message}", e);
            }
            done.Add(m);
        }

        var (seeded, warning) = await TeamsSeed.ApplyAsync(connection, provider, teamsCsv, ct);
        return new MigrationReport(done, migrations.Count == 0 ? 0 : migrations[^1].Version, teamsCsv, seeded, warning);
    }

    /// <summary>Opens a connection, turning "cannot connect" into an error that names the target (password masked).</summary>
    public static async Task<DbConnection> OpenAsync(DatabaseTarget target, CancellationToken ct = default)
    {
        DbConnection connection = target.Provider == DatabaseProvider.PostgreSql
            ? new NpgsqlConnection(target.ConnectionString)
            : new SqliteConnection(target.ConnectionString);
        try
        {
            if (connection is SqliteConnection)
                Directory.CreateDirectory(Path.GetDirectoryName(new SqliteConnectionStringBuilder(target.ConnectionString).DataSource) ?? ".");
            await connection.OpenAsync(ct);
            if (connection is SqliteConnection)
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;", ct);
            return connection;
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new MigrationException($"cannot open the database {target}: {e.Message}", e);
        }
    }

    private static async Task<Dictionary<int, string>> AppliedAsync(DbConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT version, checksum FROM schema_version";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var applied = new Dictionary<int, string>();
        while (await reader.ReadAsync(ct))
            applied[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = reader.GetString(1);
        return applied;
    }

    private static async Task TryExecuteAsync(DbConnection connection, string sql)
    {
        try
        {
            await ExecuteAsync(connection, null, sql, CancellationToken.None);
        }
        catch (DbException)
        {
            // nothing to do: the caller's own outcome (success or the first error) is what matters
        }
    }

    /// <summary>Runs one command with named parameters; returns the rows it changed.</summary>
    internal static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
