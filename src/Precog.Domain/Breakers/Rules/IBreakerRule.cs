namespace Precog.Domain.Breakers.Rules;

/// <summary>One breaker's rule: how it reacts to the signals it cares about (manual trip/reset are handled for all).</summary>
public interface IBreakerRule
{
    BreakerKind Kind { get; }

    /// <summary>The new state, and the transition if the status changed. Signals the rule ignores return the state unchanged.</summary>
    BreakerDecision Decide(BreakerState state, BreakerSignal signal, BreakerSettings settings);
}

/// <summary>The moves every rule shares.</summary>
internal static class Move
{
    public static BreakerDecision Stay(BreakerState s) => new(s, null);

    public static BreakerDecision To(BreakerState s, BreakerStatus to, DateTimeOffset at, string reason, string? by = null) =>
        s.Status == to
            ? new(s, null)
            : new(s with { Status = to, Since = at, Reason = reason, HeldBy = BreakerHold.After(to, by) }, new BreakerTransition(s.Id, s.Status, to, at, reason, by));
}
