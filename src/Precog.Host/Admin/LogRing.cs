using System.Globalization;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Precog.Host.Admin;

/// <summary>One log line as the admin API serves it: numbered so a follower asks for what came after.</summary>
public sealed record LogLineView(long Seq, DateTimeOffset At, string Level, string Message, string? Exception);

/// <summary>
/// A Serilog sink keeping the node's last <see cref="DefaultCapacity"/> lines in memory, rendered, for `precog log peek`;
/// a follower waits on it for the next line (long poll) instead of polling. It holds only what the node logged, and
/// the node never logs a token.
/// </summary>
public sealed class LogRing(int capacity) : ILogEventSink
{
    public const int DefaultCapacity = 2000;

    // as the console writes it: strings in the message unquoted
    private static readonly MessageTemplateTextFormatter Text = new("{Message:lj}", CultureInfo.InvariantCulture);

    private readonly (LogLineView Line, LogEventLevel Level)[] _lines = new (LogLineView, LogEventLevel)[capacity];
    private readonly Lock _lock = new();
    private long _next = 1; // the seq of the next line
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Emit(LogEvent e)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Text.Format(e, writer);
        var message = writer.ToString();
        var exception = e.Exception is { } x ? $"{x.GetType().Name}: {x.Message}" : null;
        TaskCompletionSource arrived;
        lock (_lock)
        {
            _lines[_next % _lines.Length] = (new LogLineView(_next, e.Timestamp, Wire(e.Level), message, exception), e.Level);
            _next++;
            arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        arrived.TrySetResult();
    }

    /// <summary>The seq of the last line written (0 before the first).</summary>
    public long Last
    {
        get
        {
            lock (_lock) return _next - 1;
        }
    }

    /// <summary>The lines after <paramref name="after"/> at <paramref name="minimum"/> or above, oldest first, at most the last <paramref name="limit"/>.</summary>
    public IReadOnlyList<LogLineView> After(long after, LogEventLevel minimum, int limit)
    {
        lock (_lock)
        {
            var first = Math.Max(Math.Max(after + 1, _next - _lines.Length), 1);
            var lines = new List<LogLineView>();
            for (var seq = first; seq < _next; seq++)
            {
                var (line, level) = _lines[seq % _lines.Length];
                if (level >= minimum) lines.Add(line);
            }
            return lines.Count > limit ? lines[^limit..] : lines;
        }
    }

    /// <summary>Completes when a line after <paramref name="after"/> exists, or when the wait ends (then the caller answers what it has).</summary>
    public async Task WaitAsync(long after, TimeSpan wait, CancellationToken ct)
    {
        Task arrived;
        lock (_lock)
        {
            if (_next - 1 > after) return;
            arrived = _arrived.Task;
        }
        try
        {
            await arrived.WaitAsync(wait, ct);
        }
        catch (TimeoutException)
        {
        }
    }

    public static string Wire(LogEventLevel level) => level.ToString().ToLowerInvariant();

    /// <summary>verbose, debug, information (info), warning (warn), error, fatal; null for anything else.</summary>
    public static LogEventLevel? ParseLevel(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "verbose" or "trace" => LogEventLevel.Verbose,
        "debug" => LogEventLevel.Debug,
        "information" or "info" => LogEventLevel.Information,
        "warning" or "warn" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        "fatal" => LogEventLevel.Fatal,
        _ => null,
    };
}
