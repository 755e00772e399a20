namespace Precog.Domain.Exits.Conditions;

/// <summary>One of the ten exit conditions: fires with a trigger, or returns null.</summary>
public interface IExitCondition
{
    ExitConditionKind Kind { get; }
    ExitPriority Priority { get; }

    /// <summary>Evaluates the condition; called only while the position still holds contracts.</summary>
    ExitTrigger? Evaluate(ExitContext context, ExitSettings settings);
}

/// <summary>Shared shape of the conditions that sell everything that is left.</summary>
public abstract class SellAllCondition : IExitCondition
{
    public abstract ExitConditionKind Kind { get; }
    public abstract ExitPriority Priority { get; }

    public ExitTrigger? Evaluate(ExitContext context, ExitSettings settings) =>
        Reason(context, settings) is { } reason
            ? new ExitTrigger(Kind, Priority, context.Position.RemainingQuantity, reason)
            : null;

    /// <summary>Why the condition fires, or null when it does not.</summary>
    protected abstract string? Reason(ExitContext c, ExitSettings s);
}
