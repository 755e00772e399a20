using Precog.Domain.Exits;
using Precog.Domain.Values;

namespace Precog.Domain.Tests.Exits;

public class ExitPlannerTests
{
    /// <summary>The rules' own arithmetic (TRADING_RULES.md §4), on a grid fine enough not to round it.</summary>
    private static readonly ExitExecutionSettings S = ExitExecutionSettings.Default with { TickSize = 0.0001m };
    private static readonly BookTop Book = new(new Price(0.66m), new Price(0.70m), 500);

    [Fact]
    public void Critical_sells_at_market_waits_5_seconds_and_repeats_until_filled()
    {
        var plan = ExitPlanner.Plan(ExitPriority.Critical, Book, S);
        Assert.Equal(2, plan.Count);
        Assert.All(plan, o => Assert.Equal(ExitOrderType.Market, o.OrderType));
        Assert.Equal(new Price(0.01m), plan[0].Limit); // IOC floor where a price is required
        Assert.Equal(TimeSpan.FromSeconds(5), plan[0].Wait);
        Assert.Equal(AfterLastWalk.RepeatMarket, S.Critical.AfterLastWalk);
    }

    [Fact]
    public void High_starts_aggressive_walks_twice_then_cancels_to_market()
    {
        var plan = ExitPlanner.Plan(ExitPriority.High, Book, S);
        // aggressive = max(0.66 − 0.01, 0.66 × 0.98 = 0.6468) = 0.65; walks −1.5¢, −2.0¢ (0.615 is floored at
        // bid − spread = 0.62); then market
        Assert.Equal([0.65m, 0.635m, 0.62m, 0.01m], plan.Select(o => o.Limit.Value));
        Assert.Equal([ExitOrderType.Limit, ExitOrderType.Limit, ExitOrderType.Limit, ExitOrderType.Market], plan.Select(o => o.OrderType));
        Assert.Equal([10, 10, 10], plan.Take(3).Select(o => o.Wait.TotalSeconds));
    }

    [Fact]
    public void On_the_venues_cent_grid_every_limit_is_cut_down_to_a_whole_cent()
    {
        var cents = ExitExecutionSettings.Default;

        Assert.Equal([0.65m, 0.63m, 0.62m, 0.01m], ExitPlanner.Plan(ExitPriority.High, Book, cents).Select(o => o.Limit.Value));
        Assert.Equal(0.29m, ExitPlanner.FirstOrder(ExitPriority.High, new BookTop(new Price(0.30m), new Price(0.31m), 100), cents).Limit.Value);
        Assert.Equal(0.60m, ExitPlanner.FirstOrder(ExitPriority.Medium, new BookTop(new Price(0.60m), new Price(0.61m), 100), cents).Limit.Value); // fair 0.605
        Assert.All(ExitPlanner.Plan(ExitPriority.Low, new BookTop(new Price(0.50m), new Price(0.70m), 500), cents), o => Assert.Equal(0m, o.Limit.Value % 0.01m));
    }

    [Fact]
    public void Aggressive_limit_takes_two_percent_below_a_low_bid()
    {
        // bid 0.30: max(0.29, 0.294) = 0.294
        var order = ExitPlanner.FirstOrder(ExitPriority.High, new BookTop(new Price(0.30m), new Price(0.31m), 100), S);
        Assert.Equal(0.294m, order.Limit.Value);
    }

    [Fact]
    public void Medium_starts_fair_walks_five_times_then_gives_up()
    {
        var plan = ExitPlanner.Plan(ExitPriority.Medium, Book, S);
        // fair = 0.68; walks 1.0, 1.5, 2.0, 2.5, 3.0 cents, floored at bid − spread = 0.62
        Assert.Equal([0.68m, 0.67m, 0.655m, 0.635m, 0.62m, 0.62m], plan.Select(o => o.Limit.Value));
        Assert.Equal(30, plan[0].Wait.TotalSeconds);
        Assert.All(plan.Skip(1), o => Assert.Equal(15, o.Wait.TotalSeconds));
        Assert.Null(ExitPlanner.Fallback(ExitPriority.Medium, S));
    }

    [Fact]
    public void Low_starts_at_the_ask_and_walks_ten_times_by_growing_steps_then_gives_up()
    {
        var wide = new BookTop(new Price(0.50m), new Price(0.70m), 500); // floor 0.30, far away
        var plan = ExitPlanner.Plan(ExitPriority.Low, wide, S);
        Assert.Equal(11, plan.Count);
        Assert.Equal([1.0m, 1.3m, 1.6m, 1.9m, 2.2m, 2.5m, 2.8m, 3.1m, 3.4m, 3.7m], S.Low.WalksCents);
        Assert.Equal(0.70m, plan[0].Limit.Value);
        Assert.Equal(0.69m, plan[1].Limit.Value);
        Assert.Equal(0.677m, plan[2].Limit.Value);
        Assert.Equal(0.70m - 0.235m, plan[10].Limit.Value); // 1.0 + 1.3 + … + 3.7 = 23.5 cents
        Assert.Equal(60, plan[0].Wait.TotalSeconds);
        Assert.Null(ExitPlanner.Fallback(ExitPriority.Low, S));
    }

    [Fact]
    public void A_walk_never_goes_below_bid_minus_spread()
    {
        var tight = new BookTop(new Price(0.50m), new Price(0.51m), 500); // floor 0.49
        var walk = ExitPlanner.Walk(ExitPriority.High, 2, new Price(0.495m), tight, S)!;
        Assert.Equal(0.49m, walk.Limit.Value);
    }

    [Fact]
    public void There_is_no_walk_beyond_the_schedule()
    {
        Assert.Null(ExitPlanner.Walk(ExitPriority.High, 3, new Price(0.60m), Book, S));
        Assert.Null(ExitPlanner.Walk(ExitPriority.Critical, 1, new Price(0.60m), Book, S));
    }
}
