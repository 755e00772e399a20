using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Precog.Persistence.Projection;

/// <summary>PostgreSQL: binary COPY for new rows, one UPDATE over unnest() to close rows (DESIGN.md, "The SCD writer's batch").</summary>
public sealed class PostgresProjectionDatabase(DatabaseTarget target) : ProjectionDatabase(target)
{
    public override async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct);

    public override string SelectOffsetSql => "SELECT last_ordering, events_applied FROM projection_offsets WHERE projection = @p FOR UPDATE";

    public override string JsonText(string column, string field) => $"{column}->>'{field}'";

    public override async Task InsertAsync(DbConnection connection, DbTransaction tx, TableSpec table, IReadOnlyList<ProjectedRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var pg = (NpgsqlConnection)connection;
        var columns = string.Join(", ", table.Columns.Select(c => c.Name));
        await using var copy = await pg.BeginBinaryImportAsync($"COPY {table.Name} ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var value = row.Values[i];
                if (value is null) await copy.WriteNullAsync(ct);
                else await copy.WriteAsync(ToDb(table.Columns[i].Kind, value), TypeOf(table.Columns[i].Kind), ct);
            }
        }
        await copy.CompleteAsync(ct);
    }

    public override async Task CloseAsync(DbConnection connection, DbTransaction tx, TableSpec table, IReadOnlyList<(long Id, DateTimeOffset At)> closes, CancellationToken ct)
    {
        if (closes.Count == 0) return;
        await using var cmd = new NpgsqlCommand(
            $"UPDATE {table.Name} t SET row_current_ind = FALSE, row_end_ts = v.ts FROM unnest(@ids, @ts) AS v(id, ts) " +
            $"WHERE t.{table.PrimaryKey} = v.id AND t.row_current_ind", (NpgsqlConnection)connection, (NpgsqlTransaction)tx);
        cmd.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = closes.Select(c => c.Id).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("ts", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = closes.Select(c => c.At).ToArray() });
        var closed = await cmd.ExecuteNonQueryAsync(ct);
        if (closed != closes.Count)
            throw new InvalidOperationException($"{table.Name}: {closes.Count} current rows were to be closed but {closed} were: another writer changed them");
    }

    public override async Task<List<ProjectedRow>> LoadCurrentAsync(DbConnection connection, DbTransaction tx, TableSpec table, IReadOnlyCollection<object> keys, CancellationToken ct)
    {
        var rows = new List<ProjectedRow>();
        if (keys.Count == 0) return rows;
        var kind = table.Columns[table.IndexOf(table.BusinessKey!)].Kind;
        await using var cmd = new NpgsqlCommand(
            $"SELECT {SelectColumns(table)} FROM {table.Name} WHERE row_current_ind AND {table.BusinessKey} = ANY(@keys) ORDER BY {table.PrimaryKey}",
            (NpgsqlConnection)connection, (NpgsqlTransaction)tx);
        cmd.Parameters.Add(kind == ColumnKind.Uuid
            ? new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = keys.Cast<Guid>().ToArray() }
            : new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.Cast<string>().ToArray() });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(ReadRow(table, reader));
        return rows;
    }

    /// <summary>
    /// TRUNCATE where it may; probability_models is also referenced by tables the journal does not project
    /// (training runs, Elo history), which TRUNCATE refuses, so its rows are deleted and its sequence restarted.
    /// </summary>
    public override async Task TruncateAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        var truncated = Tables.All.Where(t => t != Tables.Models).Select(t => t.Name);
        await ExecuteAsync(connection, tx, $"TRUNCATE {string.Join(", ", truncated)}, projection_offsets RESTART IDENTITY", ct);
        await ExecuteAsync(connection, tx, "DELETE FROM probability_models", ct);
        await ExecuteAsync(connection, tx, "SELECT setval(pg_get_serial_sequence('probability_models', 'model_id'), 1, false)", ct);
    }

    public override DateTimeOffset Normalize(DateTimeOffset at) => Truncate(at, TimeSpan.TicksPerMicrosecond);

    public override object ToDb(ColumnKind kind, object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset t => Normalize(t),
        _ => value,
    };

    public override object? FromDb(ColumnKind kind, object value) => kind switch
    {
        ColumnKind.Timestamp => value is DateTime d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : (DateTimeOffset)value,
        ColumnKind.Int => Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture),
        ColumnKind.BigInt => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    protected override void Describe(DbParameter parameter, ColumnKind kind) =>
        ((NpgsqlParameter)parameter).NpgsqlDbType = parameter.Value is byte[] ? NpgsqlDbType.Bytea : TypeOf(kind);

    /// <summary>The PostgreSQL type a projected column of this kind is written as (also what a binary COPY of its rows needs).</summary>
    public static NpgsqlDbType TypeOf(ColumnKind kind) => kind switch
    {
        ColumnKind.Text => NpgsqlDbType.Varchar,
        ColumnKind.Json => NpgsqlDbType.Jsonb,
        ColumnKind.Uuid => NpgsqlDbType.Uuid,
        ColumnKind.Decimal => NpgsqlDbType.Numeric,
        ColumnKind.Int => NpgsqlDbType.Integer,
        ColumnKind.BigInt => NpgsqlDbType.Bigint,
        ColumnKind.Bool => NpgsqlDbType.Boolean,
        ColumnKind.Timestamp => NpgsqlDbType.TimestampTz,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
