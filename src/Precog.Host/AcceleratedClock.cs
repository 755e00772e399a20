using Precog.Domain;
using Precog.Domain.Exits;

namespace Precog.Host;

/// <summary>
/// The engine's own waits at the game day's pace. The accelerated day plays the games N times faster than
/// the wall clock while the engine runs on the wall clock, so the waits of the rules (an exit attempt's wait,
/// the entry order's timeout, the exit checks) are divided by N: an exit walk then spans the same stretch of
/// a game as it would live. Prices, edges and sizes are untouched.
/// </summary>
public static class AcceleratedClock
{
    public static TradingSettings Scale(TradingSettings s, double factor)
    {
        if (factor <= 1) return s;
        TimeSpan D(TimeSpan t) => t / factor;
        ExitSchedule S(ExitSchedule x) => x with { FirstWait = D(x.FirstWait), WaitPerWalk = D(x.WaitPerWalk) };
        var e = s.ExitExecution;
        return s with
        {
            Entry = s.Entry with { OrderTimeout = D(s.Entry.OrderTimeout) },
            Exits = s.Exits with { CheckInterval = D(s.Exits.CheckInterval), UrgentCheckInterval = D(s.Exits.UrgentCheckInterval) },
            ExitExecution = e with { Critical = S(e.Critical), High = S(e.High), Medium = S(e.Medium), Low = S(e.Low) },
        };
    }
}
