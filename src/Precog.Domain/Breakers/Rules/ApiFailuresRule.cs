namespace Precog.Domain.Breakers.Rules;

/// <summary>
/// Per exchange: opens at 5 failed calls within a sliding 5-minute window; half-opens 300 s after it
/// opened; the next call in half-open is the probe: success closes it, failure opens it again.
/// </summary>
public sealed class ApiFailuresRule : IBreakerRule
{
    public BreakerKind Kind => BreakerKind.ApiFailures;

    public BreakerDecision Decide(BreakerState s, BreakerSignal signal, BreakerSettings settings)
    {
        s = HalfOpenIfDue(s, signal.At, settings, out var halfOpened);
        if (halfOpened is not null && signal is ClockTicked) return halfOpened;

        switch (signal)
        {
            case ApiCallFailed f when s.Status == BreakerStatus.HalfOpen:
                return Move.To(s with { Memory = s.Memory with { Failures = [f.At] } }, BreakerStatus.Open, f.At, $"probe call failed: {f.Reason}");
            case ApiCallSucceeded ok when s.Status == BreakerStatus.HalfOpen:
                return Move.To(s with { Memory = s.Memory with { Failures = [] } }, BreakerStatus.Closed, ok.At, "probe call succeeded");
            case ApiCallFailed f:
                var window = s.Memory.Failures.Where(t => f.At - t < settings.ApiFailureWindow).ToList();
                window.Add(f.At);
                var next = s with { Memory = s.Memory with { Failures = [.. window] } };
                return window.Count >= settings.ApiFailures && s.Status == BreakerStatus.Closed
                    ? Move.To(next, BreakerStatus.Open, f.At, $"{window.Count} failed calls within {settings.ApiFailureWindow.TotalMinutes:0.#} min, last: {f.Reason}")
                    : Move.Stay(next);
            default:
                return halfOpened ?? Move.Stay(s);
        }
    }

    private static BreakerState HalfOpenIfDue(BreakerState s, DateTimeOffset at, BreakerSettings settings, out BreakerDecision? decision)
    {
        decision = null;
        if (s.Status != BreakerStatus.Open || s.Since is not { } since || at - since < settings.ApiHalfOpenAfter) return s;
        decision = Move.To(s, BreakerStatus.HalfOpen, since + settings.ApiHalfOpenAfter, $"{settings.ApiHalfOpenAfter.TotalSeconds:0} s since it opened: one probe call allowed");
        return decision.State;
    }
}
