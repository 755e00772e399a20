namespace Precog.Actors.Time;

/// <summary>
/// A <see cref="TimeProvider"/> whose time moves only when its driver fires the next timer: the clock of a
/// simulated day or a backtest. Time jumps to the earliest timer due, which then fires; timers due at the same
/// instant fire in the order they were armed. Together with <see cref="Quiescence"/> (fire one timer, wait
/// until the engine has finished everything that followed, fire the next) this makes a run a function of its
/// inputs and seed: no wall-clock wait, no race between a timer and the work it should follow.
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly SortedSet<VirtualTimer> _due = new(VirtualTimer.ByDue);
    private DateTimeOffset _now;
    private long _armed;

    public VirtualClock(DateTimeOffset start) => _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate) return _now.UtcTicks;
    }

    /// <summary>When the next timer is due, or null when none is armed.</summary>
    public DateTimeOffset? NextDue
    {
        get { lock (_gate) return _due.Count == 0 ? null : _due.Min!.Due; }
    }

    /// <summary>How many timers are armed.</summary>
    public int Armed
    {
        get { lock (_gate) return _due.Count; }
    }

    /// <summary>
    /// Moves the clock to the earliest timer due (never backwards) and fires it, unless it is due after
    /// <paramref name="limit"/>. Returns false when no timer fires. The callback runs on the caller's thread.
    /// </summary>
    public bool FireNext(DateTimeOffset limit)
    {
        VirtualTimer timer;
        lock (_gate)
        {
            if (_due.Count == 0 || _due.Min!.Due > limit) return false;
            timer = _due.Min;
            _due.Remove(timer);
            if (timer.Due > _now) _now = timer.Due;
            if (timer.Period is { } p) Arm(timer, _now + p);
        }
        timer.Fire();
        return true;
    }

    /// <summary>Moves the clock forward to <paramref name="to"/> without firing anything (timers due earlier fire late, at their turn).</summary>
    public void MoveTo(DateTimeOffset to)
    {
        lock (_gate) if (to > _now) _now = to;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Arm(VirtualTimer timer, DateTimeOffset due)
    {
        timer.Due = due;
        timer.Sequence = ++_armed;
        _due.Add(timer);
    }

    private sealed class VirtualTimer(VirtualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public static readonly IComparer<VirtualTimer> ByDue = Comparer<VirtualTimer>.Create((a, b) =>
            a.Due != b.Due ? a.Due.CompareTo(b.Due) : a.Sequence.CompareTo(b.Sequence));

        public DateTimeOffset Due { get; set; }
        public long Sequence { get; set; }
        public TimeSpan? Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                clock._due.Remove(this);
                Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? null : period;
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                clock.Arm(this, clock._now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime));
                return true;
            }
        }

        public void Dispose()
        {
            lock (clock._gate) clock._due.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
