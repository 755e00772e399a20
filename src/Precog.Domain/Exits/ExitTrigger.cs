using Precog.Domain.Values;

namespace Precog.Domain.Exits;

/// <summary>A condition that fired: what to sell, how urgently, and why.</summary>
/// <param name="Stage">For partial_exit_target, the 0-based stage index; otherwise null.</param>
public sealed record ExitTrigger(ExitConditionKind Condition, ExitPriority Priority, Quantity Quantity, string Reason, int? Stage = null);

/// <summary>
/// The outcome of one evaluation: every trigger that fired, sorted by priority (stable, in the order of
/// the table). The first is executed; the rest are recorded with it as conflicting_triggers.
/// </summary>
public sealed record ExitEvaluation(IReadOnlyList<ExitTrigger> Fired)
{
    public static readonly ExitEvaluation None = new([]);

    public ExitTrigger? Chosen => Fired.Count > 0 ? Fired[0] : null;

    public IReadOnlyList<ExitTrigger> ConflictingTriggers => Fired.Count > 1 ? Fired.Skip(1).ToList() : [];
}
