using Microsoft.Data.Sqlite;
using Npgsql;

namespace Precog.Persistence;

/// <summary>Which database a connection string points at.</summary>
public enum DatabaseProvider { PostgreSql, Sqlite }

/// <summary>
/// A parsed connection string: PostgreSQL when it names a Host/Server, SQLite for "Data Source=FILE" or a
/// plain path ending in .db/.sqlite. <see cref="ToString"/> masks the password, so a target can be logged.
/// </summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseTarget Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new ArgumentException("the database connection string is empty");
        var t = text.Trim();
        if (!t.Contains('=') && (t.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || t.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase)))
            return Sqlite(t);

        var lower = t.ToLowerInvariant();
        if (lower.Contains("host=") || lower.Contains("server="))
        {
            try
            {
                return new DatabaseTarget(DatabaseProvider.PostgreSql, new NpgsqlConnectionStringBuilder(t).ConnectionString);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"not a valid PostgreSQL connection string: {e.Message}");
            }
        }
        if (lower.StartsWith("data source=", StringComparison.Ordinal) || lower.StartsWith("filename=", StringComparison.Ordinal))
        {
            try
            {
                var b = new SqliteConnectionStringBuilder(t);
                return Sqlite(b.DataSource);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"not a valid SQLite connection string: {e.Message}");
            }
        }
        throw new ArgumentException("the database is neither PostgreSQL (Host=...) nor SQLite (Data Source=FILE or a path ending in .db)");
    }

    /// <summary>A SQLite file: the embedded default.</summary>
    public static DatabaseTarget Sqlite(string path) =>
        new(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), ForeignKeys = true, Pooling = true }.ConnectionString);

    /// <summary>The connection string with any password replaced by ***.</summary>
    public override string ToString()
    {
        if (Provider == DatabaseProvider.Sqlite) return ConnectionString;
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        if (!string.IsNullOrEmpty(b.Password)) b.Password = "***";
        return b.ConnectionString;
    }
}
