namespace Precog.Exchanges.Simulated;

/// <summary>
/// Counts work handed from the simulated venue to its readers until they have passed it on: a market-data event
/// is counted when the venue publishes it and released when the reader asks for the next one. A virtual-time
/// driver waits for this count (with the engine's own) to reach zero before it moves time.
/// </summary>
public interface IInFlightWork
{
    void Begin();

    void End();
}

/// <summary>
/// The work counter of the call in progress, flowing with it (an async local): set by whoever counted the call
/// before starting it, so that the venue can tell the count when the call parks on the clock (a latency, a
/// timeout after accept) and when the clock wakes it. A call nobody counted parks without telling anyone.
/// </summary>
public static class InFlight
{
    private static readonly AsyncLocal<IInFlightWork?> Counting = new();

    public static IInFlightWork? Current => Counting.Value;

    /// <summary>Runs <paramref name="start"/> with <paramref name="work"/> as the counter of the calls it makes.</summary>
    public static T Under<T>(IInFlightWork? work, Func<T> start)
    {
        var outer = Counting.Value;
        Counting.Value = work;
        try
        {
            return start();
        }
        finally
        {
            Counting.Value = outer;
        }
    }

    /// <summary>
    /// Waits <paramref name="delay"/> on <paramref name="time"/>. A counted call stops counting while it waits
    /// (it is parked on the clock, not working: a virtual clock would otherwise never move) and counts again
    /// from inside the timer's callback, before anything it wakes can run.
    /// </summary>
    public static Task Park(TimeSpan delay, TimeProvider time, CancellationToken ct)
    {
        var work = Current;
        if (work is null) return Task.Delay(delay, time, ct);
        var parked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var woken = 0;
        ITimer? timer = null;
        var registration = default(CancellationTokenRegistration);
        void Wake(bool cancelled)
        {
            if (Interlocked.Exchange(ref woken, 1) != 0) return;
            work.Begin();
            timer?.Dispose();
            if (cancelled) parked.TrySetCanceled(ct);
            else parked.TrySetResult();
        }
        work.End();
        timer = time.CreateTimer(_ => Wake(false), null, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
        registration = ct.Register(() => Wake(true));
        return parked.Task.ContinueWith(t =>
        {
            registration.Dispose();
            return t;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
    }
}
