using System.Diagnostics;

namespace Precog.Actors.Time;

/// <summary>
/// Moves a <see cref="VirtualClock"/> through a run: wait until the engine is quiescent, fire the next timer
/// (the clock jumps to it), repeat. With <c>speed</c> set, a timer does not fire before its moment on a wall
/// clock running that many times slower than the virtual one; without, the run goes as fast as the engine
/// finishes each step. The waits of the engine (an exit attempt's, a breaker's cool-down) are thus exactly the
/// configured spans of game time, at any speed.
/// </summary>
public sealed class VirtualTimeRunner(VirtualClock clock, Quiescence work, double? speed, Action<string>? warn = null)
{
    /// <summary>How long the engine may stay busy on one step before the runner says so and moves on anyway.</summary>
    public TimeSpan Patience { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Steps taken (timers fired) so far.</summary>
    public long Steps { get; private set; }

    /// <summary>
    /// Runs until <paramref name="done"/> completes (or, when <paramref name="stopWhenDone"/> is false, until
    /// cancelled: the clock then keeps running at its pace, or at the wall clock's when unpaced).
    /// </summary>
    public async Task RunAsync(Task done, bool stopWhenDone, CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var origin = clock.GetUtcNow();
        while (!ct.IsCancellationRequested)
        {
            if (!await work.WaitIdleAsync(Patience, ct).ConfigureAwait(false))
                warn?.Invoke($"the engine is still busy after {Patience.TotalSeconds} s on one step at {clock.GetUtcNow():u} ({work.Describe()}); moving the clock on");
            if (done.IsCompleted)
            {
                if (stopWhenDone) return;
                speed ??= 1; // kept up after the day: the clock follows the wall from here
            }
            var next = clock.NextDue;
            if (next is null)
            {
                if (!done.IsCompleted) throw new InvalidOperationException($"the run is not over but no timer is armed on the virtual clock at {clock.GetUtcNow():u}");
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
                origin = clock.GetUtcNow();
                wall.Restart();
                continue;
            }
            if (speed is { } x)
            {
                var due = TimeSpan.FromTicks((long)((next.Value - origin).Ticks / x)) - wall.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due, ct).ConfigureAwait(false);
            }
            clock.FireNext(next.Value);
            Steps++;
        }
    }
}
