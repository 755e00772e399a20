using Precog.Domain.Values;

namespace Precog.Domain.Exits;

/// <summary>The kind of one exit order.</summary>
public enum ExitOrderType { Market, Limit }

/// <summary>One order of an exit: its type, its limit (for a market sell, the IOC floor price), and how long to wait.</summary>
/// <param name="Step">0 for the first order, n for the n-th walk.</param>
public sealed record ExitOrder(int Step, ExitOrderType OrderType, Price Limit, TimeSpan Wait);

/// <summary>
/// The exit plan of §4 as pure functions: the first order and each walk of a priority, from the held
/// side's current book. Every exit sells the held side; prices are cut down to the venue's tick (a cent),
/// which for a sell only ever concedes less than one tick.
/// </summary>
public static class ExitPlanner
{
    public static ExitOrder FirstOrder(ExitPriority priority, BookTop book, ExitExecutionSettings s)
    {
        var schedule = s.For(priority);
        return schedule.FirstOrder == LimitStyle.Market
            ? MarketOrder(0, schedule.FirstWait, s)
            : new ExitOrder(0, ExitOrderType.Limit, StartingLimit(schedule.FirstOrder, book, s), schedule.FirstWait);
    }

    /// <summary>
    /// The order after <paramref name="walk"/> − 1 walks: the resting order re-placed k cents lower, never
    /// below bid − spread (nor the venue's minimum). Null when the schedule has no such walk: then
    /// <see cref="ExitSchedule.AfterLastWalk"/> decides.
    /// </summary>
    public static ExitOrder? Walk(ExitPriority priority, int walk, Price restingLimit, BookTop book, ExitExecutionSettings s)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(walk, 1);
        var schedule = s.For(priority);
        if (walk > schedule.WalksCents.Count) return null;

        var floor = Math.Max(book.Bid.Value - book.Spread, s.MarketSellPrice);
        var walked = restingLimit.Value - schedule.WalksCents[walk - 1] / 100m;
        return new ExitOrder(walk, ExitOrderType.Limit, Cut(Math.Max(walked, Math.Min(floor, restingLimit.Value)), s), schedule.WaitPerWalk);
    }

    /// <summary>The order sent after the last walk expired, or null when the schedule gives up.</summary>
    public static ExitOrder? Fallback(ExitPriority priority, ExitExecutionSettings s)
    {
        var schedule = s.For(priority);
        var step = schedule.WalksCents.Count + 1;
        return schedule.AfterLastWalk switch
        {
            Exits.AfterLastWalk.RepeatMarket or Exits.AfterLastWalk.CancelThenMarket => MarketOrder(step, s.Critical.FirstWait, s),
            _ => null,
        };
    }

    /// <summary>The whole schedule as it would run on an unchanged book: first order, every walk, then the fallback.</summary>
    public static IReadOnlyList<ExitOrder> Plan(ExitPriority priority, BookTop book, ExitExecutionSettings s)
    {
        var orders = new List<ExitOrder> { FirstOrder(priority, book, s) };
        while (Walk(priority, orders.Count, orders[^1].Limit, book, s) is { } next)
            orders.Add(next);
        if (Fallback(priority, s) is { } fallback)
            orders.Add(fallback);
        return orders;
    }

    public static Price StartingLimit(LimitStyle style, BookTop book, ExitExecutionSettings s) => style switch
    {
        LimitStyle.Aggressive => Cut(Math.Max(book.Bid.Value - s.AggressiveOffset, book.Bid.Value * s.AggressiveFactor), s),
        LimitStyle.Fair => Cut((book.Bid.Value + book.Ask.Value) / 2m, s),
        LimitStyle.Conservative => book.Ask,
        _ => new Price(s.MarketSellPrice),
    };

    private static ExitOrder MarketOrder(int step, TimeSpan wait, ExitExecutionSettings s) =>
        new(step, ExitOrderType.Market, new Price(s.MarketSellPrice), wait);

    /// <summary>Cut down to the venue's tick (never below one tick: the lowest price a venue takes).</summary>
    private static Price Cut(decimal value, ExitExecutionSettings s) =>
        Price.Clamp(Math.Max(Math.Floor(value / s.TickSize) * s.TickSize, s.TickSize));
}
