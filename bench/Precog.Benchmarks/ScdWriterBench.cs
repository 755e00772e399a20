using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Precog.Domain;
using Precog.Persistence;
using Precog.Persistence.Projection;
using Precog.Persistence.Schema;
using Precog.Tests.Journal;

namespace Precog.Benchmarks;

/// <summary>
/// scd_writer_rate: SCD rows written per second by <see cref="ScdWriter"/> catching up from offset 0 over a journal
/// of N mixed events (every entity kind, from <see cref="ScdScenario"/>), on PostgreSQL, at the production batch
/// size. Baseline: raw Npgsql binary COPY of the very rows the writer produced, into tables of the same shape
/// (CREATE TABLE … (LIKE … INCLUDING ALL)), in one transaction.
/// </summary>
public static class ScdWriterBench
{
    public static async Task<MetricResult> RunAsync(BenchOptions o)
    {
        var target = o.Quick ? 20_000 : 500_000;
        await using var scratch = await ScratchDatabase.CreateAsync(o.AdminConnectionString);
        var db = DatabaseTarget.Parse(scratch.ConnectionString);
        await MigrationRunner.MigrateAsync(db, null);

        var scenario = Scale(target);
        Harness.Log($"scd_writer_rate: journal of {scenario.Count:N0} events ({scenario.Streams.Count:N0} persistence ids)");
        await SeedJournalAsync(db, scenario);

        var projection = ProjectionDatabase.For(db);
        var settings = ScdWriterSettings.Default;
        long? expectedRows = null;
        long events = 0;
        var writer = await Harness.MeasureAsync("scd_writer_rate", "rows/s", o, async _ =>
        {
            await using (var c = await projection.OpenAsync(CancellationToken.None))
            {
                await using var tx = await projection.BeginAsync(c, CancellationToken.None);
                await projection.TruncateAsync(c, tx, CancellationToken.None);
                await tx.CommitAsync();
            }
            var sw = Stopwatch.StartNew();
            var offset = await new ScdWriter(db, settings, TimeProvider.System).CatchUpAsync(CancellationToken.None);
            sw.Stop();
            var counts = await ProjectionRebuild.CountsAsync(projection, CancellationToken.None);
            var rows = counts.Values.Sum();
            events = await CountAsync(db.ConnectionString, "SELECT events_applied FROM projection_offsets WHERE projection = 'scd'");
            // count and verify the work: every event applied, and the same rows every time
            if (events != scenario.Count || offset != scenario.Count)
                throw new InvalidOperationException($"the writer applied {events} events up to offset {offset}, expected {scenario.Count}");
            if (expectedRows is { } e && e != rows)
                throw new InvalidOperationException($"the writer wrote {rows} rows, an earlier run wrote {e}");
            expectedRows = rows;
            return Harness.Rate(rows, sw);
        });

        var copied = await CopyBaselineAsync(db, o);
        return new MetricResult("scd_writer_rate",
            $"SCD rows/s written by ScdWriter (batch {settings.BatchSize}) from a journal of {scenario.Count:N0} mixed events on PostgreSQL",
            writer, copied, Math.Round(writer.Median / copied.Median, 4),
            new Dictionary<string, object> { ["journal_events"] = scenario.Count, ["scd_rows"] = expectedRows ?? 0, ["events_applied"] = events });
    }

    /// <summary>A scenario of about <paramref name="events"/> events, scaled from a small probe of the same generator.</summary>
    private static ScdScenario Scale(int events)
    {
        var probe = new ScdScenario(seed: 1, markets: 100, positions: 300, games: 10);
        var k = (double)events / probe.Count;
        var markets = Math.Max(1, (int)Math.Round(100 * k));
        return new ScdScenario(seed: 1, markets: markets, positions: Math.Max(1, (int)Math.Round(300 * k)), games: Math.Max(4, markets / 10));
    }

    /// <summary>
    /// The catalog through a real persistent actor (so the plugin creates its tables and writes a row the way it
    /// always does), then every other stream by binary COPY into the plugin's journal table in the same layout,
    /// interleaved four events at a time as concurrent actors would write them. Seeding is not measured.
    /// </summary>
    private static async Task SeedJournalAsync(DatabaseTarget db, ScdScenario scenario)
    {
        var sw = Stopwatch.StartNew();
        await JournalCopy.SeedAsync(db, ScdScenario.CatalogId, scenario.Streams.Select(s => (s.Key, (IReadOnlyList<IPrecogEvent>)s.Value)).ToList());
        Harness.Log($"scd_writer_rate: journal seeded in {sw.Elapsed.TotalSeconds:0.0}s");
    }

    /// <summary>
    /// The baseline: the rows the writer produced, read back once, then written again per run by binary COPY into
    /// empty tables of the same shape (indexes, defaults and checks included; foreign keys not).
    /// </summary>
    private static async Task<Series> CopyBaselineAsync(DatabaseTarget db, BenchOptions o)
    {
        var data = new List<(TableSpec Table, List<object?[]> Rows)>();
        await using (var c = new NpgsqlConnection(db.ConnectionString))
        {
            await c.OpenAsync();
            foreach (var table in Tables.All)
            {
                await using (var create = new NpgsqlCommand($"CREATE TABLE bench_{table.Name} (LIKE {table.Name} INCLUDING ALL)", c))
                    await create.ExecuteNonQueryAsync();
                var rows = new List<object?[]>();
                await using var cmd = new NpgsqlCommand($"SELECT {string.Join(", ", table.Columns.Select(x => x.Name))} FROM {table.Name} ORDER BY {table.PrimaryKey}", c);
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var row = new object?[table.Columns.Count];
                    for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    rows.Add(row);
                }
                data.Add((table, rows));
            }
        }
        var total = data.Sum(d => (long)d.Rows.Count);
        return await Harness.MeasureAsync("npgsql_binary_copy", "rows/s", o, async _ =>
        {
            await using var c = new NpgsqlConnection(db.ConnectionString);
            await c.OpenAsync();
            await using (var truncate = new NpgsqlCommand("TRUNCATE " + string.Join(", ", Tables.All.Select(t => "bench_" + t.Name)), c))
                await truncate.ExecuteNonQueryAsync();
            var sw = Stopwatch.StartNew();
            await using (var tx = await c.BeginTransactionAsync())
            {
                foreach (var (table, rows) in data)
                {
                    if (rows.Count == 0) continue;
                    await using var copy = await c.BeginBinaryImportAsync(
                        $"COPY bench_{table.Name} ({string.Join(", ", table.Columns.Select(x => x.Name))}) FROM STDIN (FORMAT BINARY)");
                    var types = table.Columns.Select(x => PostgresProjectionDatabase.TypeOf(x.Kind)).ToArray();
                    foreach (var row in rows)
                    {
                        await copy.StartRowAsync();
                        for (var i = 0; i < row.Length; i++)
                        {
                            if (row[i] is null) await copy.WriteNullAsync();
                            else await copy.WriteAsync(row[i], types[i]);
                        }
                    }
                    await copy.CompleteAsync();
                }
                await tx.CommitAsync();
            }
            sw.Stop();
            var written = 0L;
            foreach (var t in Tables.All)
                written += await CountAsync(db.ConnectionString, $"SELECT COUNT(*) FROM bench_{t.Name}");
            if (written != total)
                throw new InvalidOperationException($"COPY wrote {written} rows, expected {total}");
            return Harness.Rate(total, sw);
        });
    }


    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}
