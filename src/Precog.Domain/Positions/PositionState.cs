using System.Collections.Immutable;
using Precog.Domain.Entry;
using Precog.Domain.Exits;
using Precog.Domain.Values;

namespace Precog.Domain.Positions;

/// <summary>The market facts an exit evaluation may use besides the book; null means unknown (not evaluated).</summary>
public sealed record MarketInputs(
    decimal? CurrentEdge = null,
    decimal? BestRivalEdge = null,
    TimeSpan? TimeToSettlement = null,
    bool? DailyLossBreakerOpen = null)
{
    public static readonly MarketInputs Unknown = new();
}

/// <summary>The exit-relevant state of one position: what it holds, which stages ran, and its trailing stop.</summary>
public sealed record PositionState(PositionView View, TrailingStopState Trailing)
{
    public static PositionState Open(Side side, Price entry, Quantity quantity, ConfidenceTier tier, TrailingStopSettings trailing) =>
        new(new PositionView(side, entry, quantity, quantity, tier, []), TrailingStopState.Inactive(trailing));

    /// <summary>
    /// Records an exit fill: reduces the quantity held and marks a partial stage executed. Refuses to sell
    /// more than is held, so no sequence of exits can sell contracts the position does not have.
    /// </summary>
    public PositionState ApplyExitFill(ExitTrigger trigger, Quantity filled)
    {
        if (filled > View.RemainingQuantity)
            throw new InvalidOperationException($"exit of {filled} contracts exceeds the {View.RemainingQuantity} held");
        var stages = trigger.Stage is { } i ? View.ExecutedStages.Add(i) : View.ExecutedStages;
        return this with { View = View with { RemainingQuantity = View.RemainingQuantity - filled, ExecutedStages = stages } };
    }

    public bool IsClosed => View.RemainingQuantity.IsZero;
}

/// <summary>The result of one mark: the new state (trailing stop moved), the context it was judged in, and what fired.</summary>
public sealed record MarkOutcome(PositionState State, ExitContext Context, ExitEvaluation Evaluation);

/// <summary>What a PositionActor does on every mark, as one pure function.</summary>
public static class PositionMarking
{
    /// <summary>Marks the position at the best bid of the side held, moves its trailing stop, and evaluates the exits.</summary>
    public static MarkOutcome OnMark(PositionState state, BookTop book, DateTimeOffset at, MarketInputs inputs, ExitSettings settings) =>
        OnMark(state, book.Bid, book, at, inputs, settings);

    /// <summary>As above with a mark given apart from the book (the what-if playground judges liquidity on a book of its own).</summary>
    public static MarkOutcome OnMark(PositionState state, Price mark, BookTop book, DateTimeOffset at, MarketInputs inputs, ExitSettings settings)
    {
        var trailing = TrailingStop.OnMark(state.Trailing, state.View.Entry, mark, at);
        var next = state with { Trailing = trailing };
        var context = new ExitContext(next.View, mark, book, trailing,
            inputs.CurrentEdge, inputs.BestRivalEdge, inputs.TimeToSettlement, inputs.DailyLossBreakerOpen);
        return new MarkOutcome(next, context, ExitRules.Evaluate(context, settings));
    }
}
