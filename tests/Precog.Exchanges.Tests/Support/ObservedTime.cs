using Microsoft.Extensions.Time.Testing;

namespace Precog.Exchanges.Tests.Support;

/// <summary>
/// A fake clock that also tells which waits the code under test asked for: every timer created on it is
/// recorded with its due time, so a test can wait until the feed is parked on a timer before it moves the
/// clock (no real sleeps, no races), and can check how long the feed chose to wait.
/// </summary>
public sealed class ObservedTime(DateTimeOffset start) : TimeProvider
{
    private readonly List<TimeSpan> _dues = [];
    private readonly List<(Func<TimeSpan, bool> Match, int From, TaskCompletionSource<int> Done)> _waiters = [];
    private int _consumed;

    public FakeTimeProvider Fake { get; } = new(start);

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();
    public override long GetTimestamp() => Fake.GetTimestamp();
    public override long TimestampFrequency => Fake.TimestampFrequency;
    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        lock (_dues)
        {
            _dues.Add(dueTime);
            foreach (var w in _waiters.ToList())
            {
                var i = Find(w.Match, w.From);
                if (i < 0) continue;
                _waiters.Remove(w);
                w.Done.TrySetResult(i);
            }
        }
        return timer;
    }

    public void Advance(TimeSpan by) => Fake.Advance(by);

    /// <summary>
    /// Waits (real time, bounded) until a timer due after <paramref name="due"/> has been created since the last
    /// one waited for, and returns the dues of the timers created in between (not matched).
    /// </summary>
    public async Task<IReadOnlyList<TimeSpan>> TimerAsync(TimeSpan due) => await TimerAsync(d => d == due, $"a {due} timer");

    public async Task<IReadOnlyList<TimeSpan>> TimerAsync(Func<TimeSpan, bool> match, string what)
    {
        Task<int> found;
        int from;
        lock (_dues)
        {
            from = _consumed;
            var i = Find(match, from);
            if (i >= 0) found = Task.FromResult(i);
            else
            {
                var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((match, from, done));
                found = done.Task;
            }
        }
        int index;
        try
        {
            index = await found.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            lock (_dues) throw new TimeoutException($"no {what} was created; timers since: {string.Join(", ", _dues.Skip(from))}");
        }
        lock (_dues)
        {
            _consumed = index + 1;
            return _dues.Skip(from).Take(index - from).ToList();
        }
    }

    private int Find(Func<TimeSpan, bool> match, int from)
    {
        for (var i = from; i < _dues.Count; i++)
        {
            if (match(_dues[i])) return i;
        }
        return -1;
    }
}
