using System.Data.Common;
using System.Globalization;
using Precog.Domain;
using Precog.Persistence.Serialization;

namespace Precog.Persistence.Projection;

/// <summary>One row of the Akka.Persistence.Sql journal, as stored.</summary>
public sealed record JournalRow(long Ordering, string PersistenceId, long SequenceNr, string? Manifest, int SerializerId, string? Tags, byte[] Payload)
{
    /// <summary>Whether the row is one of Precog's events (tagged with an entity kind); sharding's own events are not.</summary>
    public bool IsPrecogEvent => Tags is not null && EventCatalog.Tags.All.Any(t => Tags.Contains(';' + t + ';', StringComparison.Ordinal));

    public override string ToString() => $"{PersistenceId}#{SequenceNr} (journal ordering {Ordering}, manifest {Manifest ?? "none"})";
}

/// <summary>A journal row and the event it holds.</summary>
public sealed record JournalEvent(JournalRow Row, IPrecogEvent Event);

/// <summary>
/// Reads the journal table in ordering order, straight from the database the journal lives in (the
/// plugin's default table layout with Csv tags; docs/PERSISTENCE.md). Reading rows rather than going through
/// Akka's query streams lets the SCD writer batch by size, and name the persistence id and sequence number
/// of a row that does not read.
/// </summary>
public static class JournalReader
{
    public static async Task<bool> ExistsAsync(ProjectionDatabase db, DbConnection connection, CancellationToken ct)
    {
        var sql = db.Target.Provider == DatabaseProvider.PostgreSql
            ? "SELECT to_regclass('journal') IS NOT NULL"
            : "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'journal'";
        return Convert.ToBoolean(await db.ScalarAsync(connection, null, sql, ct), CultureInfo.InvariantCulture);
    }

    /// <summary>Up to <paramref name="limit"/> rows after <paramref name="afterOrdering"/>, in order.</summary>
    public static async Task<List<JournalRow>> ReadAsync(ProjectionDatabase db, DbConnection connection, long afterOrdering, int limit, CancellationToken ct)
    {
        var rows = await db.QueryAsync(connection, null,
            "SELECT ordering, persistence_id, sequence_number, manifest, identifier, tags, message FROM journal WHERE ordering > @o ORDER BY ordering LIMIT @n", ct,
            new Arg("o", ColumnKind.BigInt, afterOrdering), new Arg("n", ColumnKind.Int, limit));
        return rows.Select(r => new JournalRow(
            Convert.ToInt64(r[0], CultureInfo.InvariantCulture), (string)r[1]!, Convert.ToInt64(r[2], CultureInfo.InvariantCulture), r[3] as string,
            r[4] is null ? 0 : Convert.ToInt32(r[4], CultureInfo.InvariantCulture), r[5] as string, (byte[])r[6]!)).ToList();
    }

    /// <summary>The highest ordering in the journal, 0 when it is empty or does not exist yet.</summary>
    public static async Task<long> MaxOrderingAsync(ProjectionDatabase db, DbConnection connection, CancellationToken ct) =>
        await ExistsAsync(db, connection, ct)
            ? Convert.ToInt64(await db.ScalarAsync(connection, null, "SELECT COALESCE(MAX(ordering), 0) FROM journal", ct) ?? 0L, CultureInfo.InvariantCulture)
            : 0;

    /// <summary>The event a row holds; a row of ours that does not read stops the projection at that row.</summary>
    public static JournalEvent Decode(JournalRow row)
    {
        if (row.SerializerId != PrecogSerializer.Id)
            throw new ProjectionException(row, $"written by serializer {row.SerializerId}, not Precog's ({PrecogSerializer.Id})");
        if (row.Manifest is null)
            throw new ProjectionException(row, "has no manifest");
        try
        {
            return new JournalEvent(row, (IPrecogEvent)PrecogSerializer.Read(row.Payload, row.Manifest));
        }
        catch (Exception e) when (e is System.Runtime.Serialization.SerializationException or InvalidCastException)
        {
            throw new ProjectionException(row, e.Message, e);
        }
    }
}

/// <summary>
/// The projection cannot apply a journal row: names the persistence id, sequence number and ordering of
/// that row. The writer stops before it (its offset stays at the row before) until the cause is fixed.
/// </summary>
public sealed class ProjectionException : Exception
{
    public ProjectionException(JournalRow row, string reason, Exception? inner = null)
        : base($"journal row {row} cannot be projected: {reason}", inner)
    {
        Row = row;
        Reason = reason;
    }

    public JournalRow Row { get; }
    public string Reason { get; }
}
