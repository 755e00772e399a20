namespace Precog.Persistence.Projection;

/// <summary>What a rebuild did: the journal offset it reached and how many rows each projected table now holds.</summary>
public sealed record RebuildReport(long Offset, IReadOnlyDictionary<string, long> Rows);

/// <summary>
/// `precog db rebuild`: empties every projected table and the offsets, then replays the whole journal into
/// them. The tables are empty or partial while it runs; readers should wait for it (docs/PERSISTENCE.md).
/// </summary>
public static class ProjectionRebuild
{
    public static async Task<RebuildReport> RunAsync(DatabaseTarget target, ScdWriterSettings settings, TimeProvider time, IScdWriterObserver? observer, CancellationToken ct)
    {
        var db = ProjectionDatabase.For(target);
        await using (var c = await db.OpenAsync(ct))
        {
            await using var tx = await db.BeginAsync(c, ct);
            await db.TruncateAsync(c, tx, ct);
            await tx.CommitAsync(ct);
        }
        var offset = await new ScdWriter(target, settings, time, observer).CatchUpAsync(ct);
        return new RebuildReport(offset, await CountsAsync(db, ct));
    }

    public static async Task<IReadOnlyDictionary<string, long>> CountsAsync(ProjectionDatabase db, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var counts = new Dictionary<string, long>();
        foreach (var table in Tables.All)
            counts[table.Name] = Convert.ToInt64(await db.ScalarAsync(c, null, $"SELECT COUNT(*) FROM {table.Name}", ct), System.Globalization.CultureInfo.InvariantCulture);
        return counts;
    }
}
