namespace Precog.Domain.Breakers.Rules;

/// <summary>Open while journal writes fail; closes when a write succeeds again.</summary>
public sealed class PersistenceRule : IBreakerRule
{
    public BreakerKind Kind => BreakerKind.Persistence;

    public BreakerDecision Decide(BreakerState s, BreakerSignal signal, BreakerSettings settings) => signal switch
    {
        JournalWriteFailed f => Move.To(s, BreakerStatus.Open, f.At, $"journal write failed: {f.Reason}"),
        JournalWriteSucceeded ok => Move.To(s, BreakerStatus.Closed, ok.At, "journal writes succeed again"),
        _ => Move.Stay(s),
    };
}
