using System.Data.Common;
using System.Globalization;
using Precog.Persistence.Schema;

namespace Precog.Persistence.Projection;

/// <summary>A parameter of a statement: its value and how it is stored.</summary>
public readonly record struct Arg(string Name, ColumnKind Kind, object? Value);

/// <summary>
/// The database side of the SCD writer: the few statements whose SQL or types differ between PostgreSQL and
/// SQLite (bulk insert, closing rows, loading current rows, value conversions). Everything else is shared.
/// </summary>
public abstract class ProjectionDatabase
{
    protected ProjectionDatabase(DatabaseTarget target) => Target = target;

    public DatabaseTarget Target { get; }

    public static ProjectionDatabase For(DatabaseTarget target) => target.Provider == DatabaseProvider.PostgreSql
        ? new PostgresProjectionDatabase(target)
        : new SqliteProjectionDatabase(target);

    public Task<DbConnection> OpenAsync(CancellationToken ct) => MigrationRunner.OpenAsync(Target, ct);

    /// <summary>A write transaction; on SQLite it takes the write lock at once, so the offset it reads cannot change under it.</summary>
    public abstract Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct);

    /// <summary>The offset row, locked for this transaction on PostgreSQL.</summary>
    public abstract string SelectOffsetSql { get; }

    /// <summary>An SQL expression reading a text field of a JSON column.</summary>
    public abstract string JsonText(string column, string field);

    /// <summary>Inserts rows in the order given (binary COPY on PostgreSQL, a prepared INSERT on SQLite).</summary>
    public abstract Task InsertAsync(DbConnection connection, DbTransaction tx, TableSpec table, IReadOnlyList<ProjectedRow> rows, CancellationToken ct);

    /// <summary>Closes current rows by surrogate key: row_current_ind = false, row_end_ts = the time given.</summary>
    public abstract Task CloseAsync(DbConnection connection, DbTransaction tx, TableSpec table, IReadOnlyList<(long Id, DateTimeOffset At)> closes, CancellationToken ct);

    /// <summary>The current rows of a versioned table whose business-key column holds one of the keys.</summary>
    public abstract Task<List<ProjectedRow>> LoadCurrentAsync(DbConnection connection, DbTransaction tx, TableSpec table, IReadOnlyCollection<object> keys, CancellationToken ct);

    /// <summary>Deletes every projected row and every offset, and restarts the surrogate keys.</summary>
    public abstract Task TruncateAsync(DbConnection connection, DbTransaction tx, CancellationToken ct);

    /// <summary>A value as this database stores it.</summary>
    public abstract object ToDb(ColumnKind kind, object? value);

    /// <summary>A value read from this database, as the projection holds it in memory.</summary>
    public abstract object? FromDb(ColumnKind kind, object value);

    public async Task<long> InsertReturningIdAsync(DbConnection connection, DbTransaction tx, TableSpec table, ProjectedRow row, CancellationToken ct)
    {
        var columns = string.Join(", ", table.Columns.Select(c => c.Name));
        var values = string.Join(", ", table.Columns.Select((_, i) => "@p" + i));
        var sql = $"INSERT INTO {table.Name} ({columns}) VALUES ({values}) RETURNING {table.PrimaryKey}";
        var id = await ScalarAsync(connection, tx, sql, ct, table.Columns.Select((c, i) => new Arg("p" + i, c.Kind, row.Values[i])).ToArray());
        return Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    public async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params Arg[] args)
    {
        await using var cmd = Command(connection, tx, sql, args);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params Arg[] args)
    {
        await using var cmd = Command(connection, tx, sql, args);
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    public async Task<List<object?[]>> QueryAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params Arg[] args)
    {
        await using var cmd = Command(connection, tx, sql, args);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    protected DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params Arg[] args)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var a in args)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = a.Name;
            p.Value = ToDb(a.Kind, a.Value);
            Describe(p, a.Kind);
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    /// <summary>Gives a parameter its database type where the value alone does not say it (JSON on PostgreSQL).</summary>
    protected virtual void Describe(DbParameter parameter, ColumnKind kind)
    {
    }

    /// <summary>Reads a row of <paramref name="table"/> whose first column is the surrogate key, then the table's columns.</summary>
    protected ProjectedRow ReadRow(TableSpec table, DbDataReader reader)
    {
        var values = new object?[table.Columns.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = reader.IsDBNull(i + 1) ? null : FromDb(table.Columns[i].Kind, reader.GetValue(i + 1));
        return new ProjectedRow(table, values) { Id = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) };
    }

    protected static string SelectColumns(TableSpec table) => table.PrimaryKey + ", " + string.Join(", ", table.Columns.Select(c => c.Name));

    /// <summary>
    /// A time cut to the precision this database stores (PostgreSQL: microseconds; SQLite: milliseconds, the
    /// one text form its schema accepts), in UTC, so a value read back equals the one the projection held.
    /// </summary>
    public abstract DateTimeOffset Normalize(DateTimeOffset at);

    protected static DateTimeOffset Truncate(DateTimeOffset at, long ticks) => new(at.UtcTicks - at.UtcTicks % ticks, TimeSpan.Zero);
}
