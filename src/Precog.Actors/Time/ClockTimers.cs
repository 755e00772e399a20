using Akka.Actor;

namespace Precog.Actors.Time;

/// <summary>
/// An actor's timers on the engine's <see cref="TimeProvider"/> instead of the Akka scheduler, so that the
/// engine's waits (an exit attempt's wait, an entry order's timeout, a breaker's cool-down, the gateway's polls)
/// run on the same clock its rules read. Live, that is the wall clock; in a simulated day or a backtest it is a
/// <c>VirtualClock</c> that a driver moves, and the engine then does in seconds what takes hours of game time,
/// the same way every run.
/// <para>
/// Semantics follow Akka's timers: one timer per key (starting it again replaces it), and a message of a timer
/// cancelled or replaced after it fired is dropped, not delivered. The owner routes every message through
/// <see cref="TryUnwrap"/> (in <c>AroundReceive</c>), which does that check and hands back the timer's message.
/// </para>
/// </summary>
public sealed class ClockTimers(IActorRef owner, TimeProvider time) : IDisposable
{
    private readonly Dictionary<object, Entry> _timers = new();
    private readonly Dictionary<object, Fired> _delivered = new();
    private long _generation;

    /// <summary>What a timer delivers: its key and generation wrap the owner's message until it is checked.</summary>
    public sealed record Fired(ClockTimers Timers, object Key, long Generation, object Message);

    private sealed record Entry(ITimer Timer, long Generation, bool Periodic);

    /// <summary>Sends <paramref name="message"/> to the owner once, after <paramref name="delay"/> (zero or less: at once, still through the mailbox).</summary>
    public void StartSingle(object key, object message, TimeSpan delay) => Start(key, message, delay, Timeout.InfiniteTimeSpan);

    /// <summary>Sends <paramref name="message"/> to the owner every <paramref name="interval"/>, the first after one interval.</summary>
    public void StartPeriodic(object key, object message, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "a periodic timer needs a positive interval");
        Start(key, message, interval, interval);
    }

    public bool IsActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        _delivered.Remove(key);
        if (_timers.Remove(key, out var e)) e.Timer.Dispose();
    }

    public void CancelAll()
    {
        foreach (var e in _timers.Values) e.Timer.Dispose();
        _timers.Clear();
        _delivered.Clear();
    }

    /// <summary>
    /// When <paramref name="message"/> comes from one of these timers: true with the timer's own message when the
    /// timer is still the current one for its key (a single timer is then done), true with null when it was
    /// cancelled or replaced meanwhile (drop it). False when the message is not a timer's. A single timer's message
    /// seen again (a persistent actor stashes what arrives while it persists and receives it again afterwards) is
    /// still its timer's, until the key is started again or cancelled.
    /// </summary>
    public bool TryUnwrap(object message, out object? unwrapped)
    {
        unwrapped = null;
        if (message is not Fired f || !ReferenceEquals(f.Timers, this)) return false;
        if (_timers.TryGetValue(f.Key, out var e) && e.Generation == f.Generation)
        {
            if (!e.Periodic)
            {
                _timers.Remove(f.Key);
                e.Timer.Dispose();
                _delivered[f.Key] = f;
            }
            unwrapped = f.Message;
        }
        else if (_delivered.TryGetValue(f.Key, out var again) && ReferenceEquals(again, f))
            unwrapped = f.Message;
        return true;
    }

    public void Dispose() => CancelAll();

    private void Start(object key, object message, TimeSpan due, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var fired = new Fired(this, key, ++_generation, message);
        var timer = time.CreateTimer(static s => { var (to, m) = ((IActorRef, Fired))s!; to.Tell(m, ActorRefs.NoSender); },
            (owner, fired), due < TimeSpan.Zero ? TimeSpan.Zero : due, period);
        _timers[key] = new Entry(timer, fired.Generation, period != Timeout.InfiniteTimeSpan);
    }
}
