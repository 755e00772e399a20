using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Precog.Persistence.Schema;

namespace Precog.Persistence.Projection;

/// <summary>Settings of the SCD writer (hocon/precog.conf, precog.scd-writer).</summary>
/// <param name="BatchSize">Most events applied in one transaction.</param>
/// <param name="PollInterval">Wait between reads when the journal has nothing new (the batch's time bound).</param>
/// <param name="GapTimeout">How long a hole in the journal's ordering is waited for before it is taken as a write that never committed.</param>
/// <param name="RetryMin">First wait after a failure; doubled on each failure in a row up to <paramref name="RetryMax"/>.</param>
/// <param name="ExecutionEnvironment">What the trading rows it writes are tagged with (migration 006): live, paper or backtest.</param>
public sealed record ScdWriterSettings(
    int BatchSize, TimeSpan PollInterval, TimeSpan GapTimeout, TimeSpan RetryMin, TimeSpan RetryMax, string Projection = "scd",
    string ExecutionEnvironment = "live")
{
    public const string Section = "precog.scd-writer";

    /// <summary>The values of the execution_environment columns.</summary>
    public static readonly string[] ExecutionEnvironments = ["live", "paper", "backtest"];

    /// <summary>The coded defaults; a test keeps hocon/precog.conf equal to them.</summary>
    public static readonly ScdWriterSettings Default = new(1000, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    public static ScdWriterSettings Bind(Akka.Configuration.Config config)
    {
        var r = new Configuration.SettingsReader(config, Section);
        var environment = r.Text("execution-environment");
        if (!ExecutionEnvironments.Contains(environment))
            throw new Configuration.SettingsException($"{r.Key("execution-environment")} = '{environment}' is not one of {string.Join(", ", ExecutionEnvironments)}");
        var settings = new ScdWriterSettings(r.Int("batch-size", 1, 100_000), r.Duration("poll-interval"), r.Duration("gap-timeout", allowZero: true),
            r.Duration("retry-min"), r.Duration("retry-max"), ExecutionEnvironment: environment);
        return settings.RetryMax >= settings.RetryMin
            ? settings
            : throw new Configuration.SettingsException($"{r.Key("retry-max")} = {settings.RetryMax} is below {r.Key("retry-min")} = {settings.RetryMin}");
    }
}

/// <summary>What the writer tells whoever hosts it (the node logs it and turns faults into alerts).</summary>
public interface IScdWriterObserver
{
    void BatchApplied(int events, long offset) { }

    /// <summary>The writer stopped at a row or lost its database; it keeps its offset and retries.</summary>
    void Faulted(ScdWriterFault fault) { }

    /// <summary>It applied a batch again after a fault.</summary>
    void Recovered(long offset) { }

    /// <summary>A hole in the journal's ordering stayed empty past the gap timeout and is passed over.</summary>
    void GapSkipped(long from, long to) { }
}

/// <summary>Why the writer stopped: the row it could not apply (when one is to blame) and the cause.</summary>
public sealed record ScdWriterFault(long Offset, JournalRow? Row, string Message, Exception Cause);

/// <summary>
/// The SCD writer: reads the journal in ordering order and projects it into the relational tables
/// (ScdBatch), one transaction per batch that also moves the offset: the offset only moves with the rows of
/// the events it passes, and only from the value the batch was read at, so a crash anywhere, or a second
/// writer, neither loses nor repeats a row. A row that cannot be applied stops the writer before it; the
/// fault is reported and retried with backoff until its cause is fixed. Nothing is skipped.
/// </summary>
public sealed class ScdWriter(DatabaseTarget target, ScdWriterSettings settings, TimeProvider time, IScdWriterObserver? observer = null)
{
    private readonly ProjectionDatabase _db = ProjectionDatabase.For(target);
    private readonly IScdWriterObserver _observer = observer ?? new NoObserver();
    private (long From, long To, DateTimeOffset Since)? _gap;
    private bool _faulted;
    private bool _journalExists;

    /// <summary>Test hook: runs inside each batch's transaction after its rows are written and before the offset moves.</summary>
    internal Func<int, Task>? BeforeCommit { get; set; }

    /// <summary>The last fault, while the writer is stuck on it; null when it is running.</summary>
    public ScdWriterFault? Fault { get; private set; }

    /// <summary>Runs until cancelled: applies batches while there are events, polls when there are none, retries after faults.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                // after a fault, one event at a time: the events before a bad one land, and the fault names it
                var step = await StepAsync(failures > 0 ? 1 : settings.BatchSize, ct);
                failures = 0;
                wait = step.Moved ? TimeSpan.Zero : settings.PollInterval;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ScdWriterException)
            {
                failures++;
                wait = Backoff(failures);
            }
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Applies every event in the journal up to its end as it stands when called, then returns the offset.
    /// A fault is thrown (after it is reported) instead of retried: the caller decides.
    /// </summary>
    public async Task<long> CatchUpAsync(CancellationToken ct)
    {
        long end;
        await using (var c = await _db.OpenAsync(ct))
            end = await JournalReader.MaxOrderingAsync(_db, c, ct);
        var size = settings.BatchSize;
        while (true)
        {
            Step step;
            try
            {
                step = await StepAsync(size, ct);
            }
            catch (ScdWriterException e) when (e.Fault.Row is null && size > 1 && e.Fault.Cause is not MigrationException)
            {
                size = 1; // a batch failed as a whole: one event at a time finds the row to blame
                continue;
            }
            if (step.Offset >= end) return step.Offset;
            if (!step.Moved)
                await Task.Delay(settings.PollInterval, time, ct); // a gap below the end, still being waited for
        }
    }

    /// <summary>The journal's last ordering as it stands now: where a caught-up projection's offset will be.</summary>
    public async Task<long> JournalEndAsync(CancellationToken ct)
    {
        await using var c = await _db.OpenAsync(ct);
        return await JournalReader.MaxOrderingAsync(_db, c, ct);
    }

    /// <summary>The offset stored for this projection (0 before the first batch).</summary>
    public async Task<long> OffsetAsync(CancellationToken ct)
    {
        await using var c = await _db.OpenAsync(ct);
        return await StoredOffsetAsync(c, null, ct);
    }

    private readonly record struct Step(int Applied, long From, long Offset)
    {
        public bool Moved => Offset != From;
    }

    /// <summary>
    /// One batch. When a row in the middle of it cannot be applied, the rows before that row are applied on
    /// their own first, so the offset ends just before the row to blame; the next batch then stops on it.
    /// </summary>
    private async Task<Step> StepAsync(int batchSize, CancellationToken ct)
    {
        try
        {
            return await StepCoreAsync(batchSize, null, ct);
        }
        catch (BlameException blame)
        {
            return await StepCoreAsync(batchSize, blame.Row.Ordering, ct);
        }
    }

    /// <summary>A row in the middle of a batch failed: the batch is retried up to it (not reported as a fault).</summary>
    private sealed class BlameException(JournalRow row) : Exception
    {
        public JournalRow Row { get; } = row;
    }

    /// <summary>One batch: read after the stored offset (up to, not including, <paramref name="stopBefore"/>), decode, project, write, move the offset, commit.</summary>
    private async Task<Step> StepCoreAsync(int batchSize, long? stopBefore, CancellationToken ct)
    {
        long offset = 0;
        JournalRow? current = null;
        try
        {
            await using var c = await _db.OpenAsync(ct);
            offset = await StoredOffsetAsync(c, null, ct);
            // the plugin creates its table on the first write; once there, it stays
            if (!_journalExists && !(_journalExists = await JournalReader.ExistsAsync(_db, c, ct)))
                return Recovered(new Step(0, offset, offset));
            var rows = Contiguous(offset, await JournalReader.ReadAsync(_db, c, offset, batchSize, ct));
            if (stopBefore is { } stop) rows = rows.TakeWhile(r => r.Ordering < stop).ToList();
            if (rows.Count == 0)
                return Recovered(new Step(0, offset, offset));

            await using var tx = await _db.BeginAsync(c, ct);
            var (stored, applied) = await LockOffsetAsync(c, tx, ct);
            if (stored != offset)
                throw new InvalidOperationException($"the offset moved from {offset} to {stored} under this batch: another SCD writer is running");

            var events = new List<JournalEvent>(rows.Count);
            foreach (var row in rows)
            {
                current = row;
                if (row.IsPrecogEvent) events.Add(JournalReader.Decode(row));
            }
            current = null;
            var batch = new ScdBatch(_db, c, tx, ct, settings.ExecutionEnvironment);
            await batch.PrefetchAsync(events);
            foreach (var e in events)
            {
                current = e.Row;
                await batch.ApplyAsync(e);
            }
            current = events.Count == 1 ? events[0].Row : null;
            await batch.FlushAsync();
            if (BeforeCommit is { } hook) await hook(rows.Count);
            var last = rows[^1].Ordering;
            await _db.ExecuteAsync(c, tx,
                "INSERT INTO projection_offsets (projection, last_ordering, events_applied, updated_at) VALUES (@p, @o, @n, @at) " +
                "ON CONFLICT (projection) DO UPDATE SET last_ordering = excluded.last_ordering, events_applied = excluded.events_applied, updated_at = excluded.updated_at", ct,
                new Arg("p", ColumnKind.Text, settings.Projection), new Arg("o", ColumnKind.BigInt, last),
                new Arg("n", ColumnKind.BigInt, applied + batch.Applied), new Arg("at", ColumnKind.Timestamp, time.GetUtcNow()));
            await tx.CommitAsync(ct);
            _observer.BatchApplied(batch.Applied, last);
            return Recovered(new Step(batch.Applied, offset, last));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not ScdWriterException and not BlameException)
        {
            var row = (e as ProjectionException)?.Row ?? current;
            if (row is not null && row.Ordering > offset + 1 && stopBefore is null && e is not MigrationException)
                throw new BlameException(row);
            var message = e switch
            {
                ProjectionException p => p.Message,
                _ when row is not null => $"journal row {row} cannot be projected: {Describe(e)}",
                _ => $"the SCD writer cannot write to {target} (offset {offset}): {Describe(e)}",
            };
            Fault = new ScdWriterFault(offset, row, message, e);
            _faulted = true;
            _observer.Faulted(Fault);
            throw new ScdWriterException(Fault);
        }
    }

    private Step Recovered(Step step)
    {
        if (_faulted)
        {
            _faulted = false;
            Fault = null;
            _observer.Recovered(step.Offset);
        }
        return step;
    }

    /// <summary>
    /// The rows that follow the offset without a hole. On PostgreSQL a lower ordering can commit after a higher
    /// one; a hole is waited for up to the gap timeout, then taken as a write that never committed.
    /// </summary>
    private List<JournalRow> Contiguous(long offset, List<JournalRow> rows)
    {
        if (rows.Count == 0)
        {
            _gap = null;
            return rows;
        }
        var taken = new List<JournalRow>(rows.Count);
        var expected = offset + 1;
        if (rows[0].Ordering != expected)
        {
            var now = time.GetUtcNow();
            if (_gap is not { } gap || gap.From != expected)
                _gap = gap = (expected, rows[0].Ordering - 1, now);
            if (now - gap.Since < settings.GapTimeout)
                return taken;
            _observer.GapSkipped(gap.From, gap.To);
            _gap = null;
            expected = rows[0].Ordering;
        }
        foreach (var row in rows)
        {
            if (row.Ordering != expected) break;
            taken.Add(row);
            expected++;
        }
        return taken;
    }

    private async Task<long> StoredOffsetAsync(DbConnection c, DbTransaction? tx, CancellationToken ct)
    {
        var rows = await _db.QueryAsync(c, tx, "SELECT last_ordering FROM projection_offsets WHERE projection = @p", ct, new Arg("p", ColumnKind.Text, settings.Projection));
        return rows.Count == 0 ? 0 : Convert.ToInt64(rows[0][0], CultureInfo.InvariantCulture);
    }

    private async Task<(long Offset, long Applied)> LockOffsetAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        var rows = await _db.QueryAsync(c, tx, _db.SelectOffsetSql, ct, new Arg("p", ColumnKind.Text, settings.Projection));
        return rows.Count == 0 ? (0, 0) : (Convert.ToInt64(rows[0][0], CultureInfo.InvariantCulture), Convert.ToInt64(rows[0][1], CultureInfo.InvariantCulture));
    }

    private TimeSpan Backoff(int failures)
    {
        var wait = settings.RetryMin * Math.Pow(2, Math.Min(failures - 1, 16));
        return wait > settings.RetryMax ? settings.RetryMax : wait;
    }

    private static string Describe(Exception e) => e switch
    {
        PostgresException pg => $"{pg.MessageText} ({pg.SqlState}{(pg.ConstraintName is { } k ? ", constraint " + k : "")}{(pg.TableName is { } t ? ", table " + t : "")})",
        SqliteException s => s.Message.Replace('\n', ' '),
        MigrationException m => m.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private sealed class NoObserver : IScdWriterObserver;
}

/// <summary>The writer stopped on a fault (already reported to its observer).</summary>
public sealed class ScdWriterException(ScdWriterFault fault) : Exception(fault.Message, fault.Cause)
{
    public ScdWriterFault Fault { get; } = fault;
}
