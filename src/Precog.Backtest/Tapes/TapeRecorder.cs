using System.IO.Compression;
using System.Threading.Channels;

namespace Precog.Backtest.Tapes;

/// <summary>
/// Records a node's live inputs to a tape (<c>--record FILE</c>) without ever holding up the node: <see cref="Record"/>
/// only queues the event (a bounded queue; when the disk falls that far behind, events are dropped and counted, never
/// waited for), and one background task writes them, each stamped no earlier than the one before, as gzip JSON lines
/// to <c>FILE.partial</c>. The header's time range is known only at the end, so <see cref="DisposeAsync"/> writes the
/// tape itself: the header as one gzip member, then the events' member copied after it (gzip readers, .NET's among
/// them, read concatenated members as one stream), and removes the partial file. A write that fails logs once, stops
/// the recording and leaves the partial file; trading goes on.
/// </summary>
public sealed partial class TapeRecorder : IAsyncDisposable
{
    /// <summary>Events queued and not yet written at most; past this they are dropped (and counted).</summary>
    public const int QueueCapacity = 100_000;

    private readonly Channel<TapeEvent> _queue = Channel.CreateBounded<TapeEvent>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite,
    });
    private readonly string _path;
    private readonly string _source;
    private readonly TimeProvider _time;
    private readonly Action<string> _error;
    private readonly DateTimeOffset _started;
    private readonly Task _writing;
    private DateTimeOffset? _from;
    private DateTimeOffset _to;
    private long _written;
    private long _dropped;
    private volatile bool _failed;

    /// <param name="path">The tape to write; FILE.partial beside it while recording.</param>
    /// <param name="source">The header's source (what was recorded, e.g. "node kalshi-demo").</param>
    /// <param name="time">The node's clock: every event is stamped with it.</param>
    /// <param name="error">Told once why recording stopped (a failing disk).</param>
    public TapeRecorder(string path, string source, TimeProvider time, Action<string> error)
    {
        _path = Path.GetFullPath(path);
        _source = source;
        _time = time;
        _error = error;
        _started = time.GetUtcNow();
        if (Path.GetDirectoryName(_path) is { } dir) Directory.CreateDirectory(dir);
        var partial = new FileStream(PartialPath, FileMode.Create, FileAccess.Write, FileShare.Read); // fails now, at start, on a path that cannot be written
        _writing = Task.Run(() => WriteAsync(partial));
    }

    /// <summary>The file events are written to until the tape is closed.</summary>
    public string PartialPath => _path + ".partial";

    /// <summary>Events written so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Events dropped because the writer fell <see cref="QueueCapacity"/> behind (or after it failed).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The node's clock now: what an input heard now is stamped with.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Queues an event; never blocks. Ignored once the recorder has failed or closed.</summary>
    public void Record(TapeEvent e)
    {
        if (_failed) return;
        if (!_queue.Writer.TryWrite(e)) Interlocked.Increment(ref _dropped);
    }

    private async Task WriteAsync(FileStream partial)
    {
        using var line = new MemoryStream();
        var last = DateTimeOffset.MinValue;
        try
        {
            await using (partial)
            await using (var gzip = new GZipStream(partial, CompressionLevel.Fastest))
            {
                await foreach (var e in _queue.Reader.ReadAllAsync())
                {
                    var stamped = e.At < last ? e with { At = last } : e; // two threads' inputs a tick apart: the tape stays in time order
                    last = stamped.At;
                    TapeWriter.Emit(gzip, line, w => TapeWriter.Event(w, stamped));
                    _from ??= stamped.At;
                    _to = stamped.At;
                    Interlocked.Increment(ref _written);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail($"recording to {_path} stopped: {ex.Message}; trading goes on, the events so far stay in {PartialPath}");
        }
    }

    private void Fail(string why)
    {
        if (_failed) return;
        _failed = true;
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out _)) Interlocked.Increment(ref _dropped);
        _error(why);
    }

    /// <summary>Writes what is queued, then the tape: header (its time range the events') and events; the partial file is removed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writing.ConfigureAwait(false);
        if (_failed) return;
        try
        {
            var header = new TapeHeader(TapeHeader.CurrentSchema, _source, _from ?? _started, _from is null ? _started : _to,
                $"recorded live by a Precog node; events stamped by its clock{(Dropped > 0 ? $"; {Dropped} events dropped (the disk fell behind)" : "")}");
            await using (var tape = new FileStream(_path, FileMode.Create, FileAccess.Write))
            {
                await using (var gzip = new GZipStream(tape, CompressionLevel.Optimal, leaveOpen: true))
                using (var line = new MemoryStream())
                    TapeWriter.Emit(gzip, line, w => TapeWriter.Header(w, header));
                await using var events = File.OpenRead(PartialPath);
                await events.CopyToAsync(tape).ConfigureAwait(false);
            }
            File.Delete(PartialPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail($"tape {_path} not closed: {ex.Message}; the events stay in {PartialPath}");
        }
    }
}
