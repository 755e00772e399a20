using Precog.Domain.Entry;
using Precog.Domain.Exits;
using Precog.Domain.Values;

namespace Precog.Domain.Positions;

/// <summary>One mark of a what-if walk: the mark, the book to judge liquidity with, and the optional inputs known then.</summary>
public sealed record WhatIfMark(Price Mark, BookTop Book, MarketInputs Inputs);

/// <summary>One row of a what-if walk.</summary>
public sealed record WhatIfRow(
    Price Mark,
    decimal PnlPct,
    TrailingStopState Trailing,
    IReadOnlyList<ExitTrigger> Fired,
    ExitTrigger? Action,
    Quantity Remaining);

/// <summary>
/// The rules playground: walks marks through the trailing stop, partial exits and the ten conditions,
/// assuming each chosen exit fills at the mark, at most one exit per mark. Marks after the position is
/// closed still produce rows, with nothing fired.
/// </summary>
public static class WhatIf
{
    public static IReadOnlyList<WhatIfRow> Walk(
        Side side, Price entry, Quantity quantity, ConfidenceTier tier,
        IEnumerable<WhatIfMark> marks, ExitSettings exits, TrailingStopSettings trailing, DateTimeOffset start, TimeSpan step)
    {
        var state = PositionState.Open(side, entry, quantity, tier, trailing);
        var rows = new List<WhatIfRow>();
        var at = start;
        foreach (var m in marks)
        {
            var outcome = PositionMarking.OnMark(state, m.Mark, m.Book, at, m.Inputs, exits);
            state = outcome.State;
            var action = outcome.Evaluation.Chosen;
            if (action is not null)
                state = state.ApplyExitFill(action, action.Quantity);
            rows.Add(new WhatIfRow(outcome.Context.Mark, outcome.Context.PnlPct, outcome.State.Trailing,
                outcome.Evaluation.Fired, action, state.View.RemainingQuantity));
            at += step;
        }
        return rows;
    }
}
