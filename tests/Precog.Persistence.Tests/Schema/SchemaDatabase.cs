using System.Data.Common;
using System.Globalization;

namespace Precog.Persistence.Tests.Schema;

/// <summary>A column as a database reports it: the type in that database's words, and whether it refuses null.</summary>
public sealed record DbColumn(string Name, string Type, bool NotNull);

/// <summary>Why a database refused a row.</summary>
public enum Refusal { Check, Unique, NotNull, ForeignKey, InvalidValue, Other }

/// <summary>
/// What the schema tests need from one kind of database: empty databases to migrate, connections, its
/// catalogue, how it stores each of the document's types, and how it says no. Test bodies are shared
/// (the *Contract classes); only this differs between PostgreSQL and SQLite.
/// </summary>
public abstract class SchemaDatabase : IAsyncDisposable
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>A new database with nothing in it.</summary>
    public abstract Task<DatabaseTarget> CreateEmptyAsync();

    public abstract DbConnection Open(DatabaseTarget target);

    /// <summary>Tables and views of the database (those of the migrations and any other), by name.</summary>
    public abstract IReadOnlySet<string> Relations(DbConnection connection, bool views);

    /// <summary>The columns of a table or view, in order; empty when there is no such relation.</summary>
    public abstract IReadOnlyList<DbColumn> Columns(DbConnection connection, string relation);

    /// <summary>The type this database stores a column of the document's type as, in the words of <see cref="Columns"/>.</summary>
    public abstract string StoredAs(string documentType);

    public abstract Refusal Classify(DbException refusal);

    /// <summary>A database that cannot be opened, and a secret in its connection string that no message may show (or null).</summary>
    public abstract (DatabaseTarget Target, string? Secret) Unreachable();

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static int Execute(DbConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteNonQuery();
    }

    /// <summary>Every row of a query, each value as invariant text (booleans as 1/0) so both databases read alike.</summary>
    public static List<string?[]> Rows(DbConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<string?[]>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Text(reader.GetValue(i))).ToArray());
        return rows;
    }

    public static string? Scalar(DbConnection connection, string sql) => Rows(connection, sql).Single().Single();

    private static string? Text(object value) => value switch
    {
        DBNull => null,
        bool b => b ? "1" : "0",
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
