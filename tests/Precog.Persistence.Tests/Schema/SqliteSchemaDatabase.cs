using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Precog.Persistence.Tests.Schema;

/// <summary>Each empty database is a new file in a temporary folder that goes away with the test.</summary>
public sealed class SqliteSchemaDatabase : SchemaDatabase
{
    private const int ConstraintCheck = 275, ConstraintUnique = 2067, ConstraintPrimaryKey = 1555, ConstraintNotNull = 1299, ConstraintForeignKey = 787;

    private readonly string _dir = Directory.CreateTempSubdirectory("precog-schema-").FullName;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override Task<DatabaseTarget> CreateEmptyAsync() =>
        Task.FromResult(DatabaseTarget.Sqlite(Path.Combine(_dir, Guid.NewGuid().ToString("N"), "precog.db")));

    public override DbConnection Open(DatabaseTarget target)
    {
        var connection = new SqliteConnection(target.ConnectionString);
        connection.Open();
        return connection;
    }

    public override IReadOnlySet<string> Relations(DbConnection connection, bool views) =>
        Rows(connection, $"SELECT name FROM sqlite_master WHERE type = '{(views ? "view" : "table")}'").Select(r => r[0]!).ToHashSet();

    /// <summary>
    /// The declared types, INT read as INTEGER (same affinity). An INTEGER PRIMARY KEY is never null; any other
    /// primary key is nullable in SQLite unless declared NOT NULL, so only the declaration counts.
    /// </summary>
    public override IReadOnlyList<DbColumn> Columns(DbConnection connection, string relation) =>
        Rows(connection, $"SELECT name, upper(type), \"notnull\", pk FROM pragma_table_info('{relation}') ORDER BY cid")
            .Select(r =>
            {
                var type = r[1] == "INT" ? "INTEGER" : r[1]!;
                return new DbColumn(r[0]!, type, r[2] == "1" || (r[3] != "0" && type == "INTEGER"));
            })
            .ToList();

    /// <summary>SQLite's closest equivalents (docs/SCHEMA.md): decimals, instants, UUIDs and JSON as canonical TEXT, booleans as 0/1.</summary>
    public override string StoredAs(string documentType) => documentType switch
    {
        "SERIAL" or "INT" or "BOOLEAN" => "INTEGER",
        "TIMESTAMP" or "JSONB" or "UUID" or "DATE" or "TEXT" => "TEXT",
        _ when documentType.StartsWith("DECIMAL(", StringComparison.Ordinal) => "TEXT", // never REAL or NUMERIC: they would round
        _ => documentType, // VARCHAR, VARCHAR(n)
    };

    public override Refusal Classify(DbException refusal) => (refusal as SqliteException)?.SqliteExtendedErrorCode switch
    {
        ConstraintCheck => Refusal.Check,
        ConstraintUnique or ConstraintPrimaryKey => Refusal.Unique,
        ConstraintNotNull => Refusal.NotNull,
        ConstraintForeignKey => Refusal.ForeignKey,
        _ => Refusal.Other,
    };

    /// <summary>A file where a folder should be: the database's folder cannot be created.</summary>
    public override (DatabaseTarget Target, string? Secret) Unreachable()
    {
        var file = Path.Combine(_dir, "not-a-folder");
        File.WriteAllText(file, "");
        return (DatabaseTarget.Sqlite(Path.Combine(file, "precog.db")), null);
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }
}
