namespace Precog.Host.Admin;

/// <summary>
/// What /readyz learns from outside the actors: whether the SCD writer's last read of the journal failed. The writer
/// polls the journal every few milliseconds, so a journal that cannot be reached shows here within one poll.
/// </summary>
public sealed class NodeHealth
{
    private volatile string? _journalFault;

    /// <summary>Why the journal's last read failed, or null while it succeeds.</summary>
    public string? JournalFault => _journalFault;

    public void JournalFailed(string reason) => _journalFault = reason;

    public void JournalSucceeded() => _journalFault = null;
}
