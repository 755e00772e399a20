using System.Collections.Immutable;
using Precog.Domain.Values;

namespace Precog.Actors.Risk;

/// <summary>
/// Today's realized + unrealized P&amp;L, the daily-loss breaker's input (TRADING_RULES.md §5). Realized: what the
/// positions released today made. Unrealized: each open position's last reported P&amp;L (realized so far plus its
/// holding at the mark). A position already open when the day began counts only what it made since: its P&amp;L at
/// the boundary is its baseline. Marks and baselines live in memory; released results come from the journal.
/// </summary>
public sealed record DailyPnl(DateOnly Day, decimal Realized, ImmutableDictionary<PositionId, decimal> Marks, ImmutableDictionary<PositionId, decimal> Baselines)
{
    public static DailyPnl Start(DateOnly day) => new(day, 0m, ImmutableDictionary<PositionId, decimal>.Empty, ImmutableDictionary<PositionId, decimal>.Empty);

    /// <summary>Realized + unrealized since the day began, rounded to the cent (a loss is negative).</summary>
    public decimal Total => Math.Round(Realized + Marks.Sum(m => m.Value - Baselines.GetValueOrDefault(m.Key)), 2, MidpointRounding.AwayFromZero);

    /// <summary>A later day begins: nothing realized yet, and every open position's P&amp;L so far becomes its baseline.</summary>
    public DailyPnl Roll(DateOnly day) => day <= Day ? this : new(day, 0m, Marks, Marks);

    public DailyPnl Mark(PositionId position, Money pnl) => this with { Marks = Marks.SetItem(position, pnl.Value) };

    /// <summary>A position ended on <paramref name="day"/> with this result: it moves from the marks into the day's realized.</summary>
    public DailyPnl Released(PositionId position, Money realized, DateOnly day)
    {
        var rolled = Roll(day);
        if (day < rolled.Day) return rolled with { Marks = rolled.Marks.Remove(position), Baselines = rolled.Baselines.Remove(position) };
        return rolled with
        {
            Realized = rolled.Realized + realized.Value - rolled.Baselines.GetValueOrDefault(position),
            Marks = rolled.Marks.Remove(position),
            Baselines = rolled.Baselines.Remove(position),
        };
    }
}
