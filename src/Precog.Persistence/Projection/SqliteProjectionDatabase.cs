using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Precog.Persistence.Projection;

/// <summary>
/// SQLite: one prepared INSERT reused for every row of a table (SQLite has no COPY and runs in process, so a
/// prepared statement is its fastest path). Decimals are stored as exact text with four places, times as
/// UTC ISO-8601 text to the millisecond, booleans as 0/1, UUIDs as lowercase text (docs/SCHEMA.md).
/// </summary>
public sealed class SqliteProjectionDatabase(DatabaseTarget target) : ProjectionDatabase(target)
{
    public override async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct) =>
        // not deferred: BEGIN IMMEDIATE takes the write lock now, before the offset is read
        await Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override string SelectOffsetSql => "SELECT last_ordering, events_applied FROM projection_offsets WHERE projection = @p";

    public override string JsonText(string column, string field) => $"json_extract({column}, '$.{field}')";

    public override async Task InsertAsync(DbConnection connection, DbTransaction tx, TableSpec table, IReadOnlyList<ProjectedRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var columns = string.Join(", ", table.Columns.Select(c => c.Name));
        var values = string.Join(", ", table.Columns.Select((_, i) => "@p" + i));
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO {table.Name} ({columns}) VALUES ({values})";
        var parameters = table.Columns.Select((_, i) =>
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "p" + i;
            cmd.Parameters.Add(p);
            return p;
        }).ToArray();
        cmd.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
                parameters[i].Value = ToDb(table.Columns[i].Kind, row.Values[i]);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    public override async Task CloseAsync(DbConnection connection, DbTransaction tx, TableSpec table, IReadOnlyList<(long Id, DateTimeOffset At)> closes, CancellationToken ct)
    {
        if (closes.Count == 0) return;
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"UPDATE {table.Name} SET row_current_ind = 0, row_end_ts = @ts WHERE {table.PrimaryKey} = @id AND row_current_ind = 1";
        var id = cmd.CreateParameter();
        id.ParameterName = "id";
        var ts = cmd.CreateParameter();
        ts.ParameterName = "ts";
        cmd.Parameters.Add(id);
        cmd.Parameters.Add(ts);
        cmd.Prepare();
        foreach (var c in closes)
        {
            id.Value = c.Id;
            ts.Value = ToDb(ColumnKind.Timestamp, c.At);
            if (await cmd.ExecuteNonQueryAsync(ct) != 1)
                throw new InvalidOperationException($"{table.Name}: row {c.Id} was to be closed but is no longer current: another writer changed it");
        }
    }

    public override async Task<List<ProjectedRow>> LoadCurrentAsync(DbConnection connection, DbTransaction tx, TableSpec table, IReadOnlyCollection<object> keys, CancellationToken ct)
    {
        var rows = new List<ProjectedRow>();
        if (keys.Count == 0) return rows;
        var kind = table.Columns[table.IndexOf(table.BusinessKey!)].Kind;
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT {SelectColumns(table)} FROM {table.Name} WHERE row_current_ind = 1 AND {table.BusinessKey} IN (SELECT value FROM json_each(@keys)) ORDER BY {table.PrimaryKey}";
        var p = cmd.CreateParameter();
        p.ParameterName = "keys";
        p.Value = JsonSerializer.Serialize(keys.Select(k => (string)ToDb(kind, k)).ToArray());
        cmd.Parameters.Add(p);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(ReadRow(table, reader));
        return rows;
    }

    public override async Task TruncateAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        foreach (var table in Tables.All.Reverse())
            await ExecuteAsync(connection, tx, $"DELETE FROM {table.Name}", ct);
        await ExecuteAsync(connection, tx, "DELETE FROM projection_offsets", ct);
        var names = string.Join(", ", Tables.All.Select(t => $"'{t.Name}'"));
        await ExecuteAsync(connection, tx, $"DELETE FROM sqlite_sequence WHERE name IN ({names})", ct);
    }

    public override DateTimeOffset Normalize(DateTimeOffset at) => Truncate(at, TimeSpan.TicksPerMillisecond);

    /// <summary>The schema's one text form per type (<see cref="Schema.SqliteText"/>); every projected decimal is DECIMAL(10,4).</summary>
    public override object ToDb(ColumnKind kind, object? value) => value switch
    {
        null => DBNull.Value,
        decimal d => Schema.SqliteText.Decimal(d),
        DateTimeOffset t => Schema.SqliteText.Timestamp(t),
        Guid g => Schema.SqliteText.Uuid(g),
        bool b => b ? 1L : 0L,
        _ => value,
    };

    public override object? FromDb(ColumnKind kind, object value) => kind switch
    {
        ColumnKind.Decimal => decimal.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, NumberStyles.Number, CultureInfo.InvariantCulture),
        ColumnKind.Timestamp => DateTimeOffset.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        ColumnKind.Uuid => Guid.Parse((string)value),
        ColumnKind.Bool => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
        ColumnKind.Int => Convert.ToInt32(value, CultureInfo.InvariantCulture),
        ColumnKind.BigInt => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        _ => value,
    };
}
