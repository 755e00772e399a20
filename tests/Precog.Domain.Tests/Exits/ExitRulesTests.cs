using Precog.Domain.Entry;
using Precog.Domain.Exits;
using Precog.Domain.Positions;
using Precog.Domain.Values;

namespace Precog.Domain.Tests.Exits;

public class ExitRulesTests
{
    private static readonly ExitSettings Settings = ExitSettings.Default;
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);

    /// <summary>A YES position of 100 at 0.60 marked at <paramref name="mark"/> on a deep one-cent book.</summary>
    private static ExitContext At(decimal mark, ConfidenceTier tier = ConfidenceTier.High, int remaining = 100, params int[] executedStages)
    {
        var view = new PositionView(Side.Yes, new Price(0.60m), new Quantity(100), new Quantity(remaining), tier, [.. executedStages]);
        var book = new BookTop(new Price(mark), Price.Clamp(mark + 0.01m), 10_000);
        return new ExitContext(view, new Price(mark), book, TrailingStopState.Inactive(TrailingStopSettings.Default));
    }

    private static IEnumerable<ExitConditionKind> Fired(ExitContext c, ExitSettings? s = null) =>
        ExitRules.Evaluate(c, s ?? Settings).Fired.Select(t => t.Condition);

    [Theory]
    [InlineData(ConfidenceTier.High, "0.5100", "0.5099")]   // −15%
    [InlineData(ConfidenceTier.Medium, "0.5280", "0.5279")] // −12%
    [InlineData(ConfidenceTier.Low, "0.5520", "0.5519")]    // −8%
    public void Stop_loss_fires_below_the_tier_threshold_and_not_at_it(ConfidenceTier tier, string at, string below)
    {
        Assert.DoesNotContain(ExitConditionKind.StopLoss, Fired(At(decimal.Parse(at, System.Globalization.CultureInfo.InvariantCulture), tier)));
        var fired = ExitRules.Evaluate(At(decimal.Parse(below, System.Globalization.CultureInfo.InvariantCulture), tier), Settings);
        Assert.Equal(ExitConditionKind.StopLoss, fired.Chosen!.Condition);
        Assert.Equal(ExitPriority.Critical, fired.Chosen.Priority);
        Assert.Equal(100, fired.Chosen.Quantity.Value);
    }

    [Fact]
    public void Open_daily_loss_breaker_exits_everything_at_critical_priority()
    {
        var e = ExitRules.Evaluate(At(0.70m) with { DailyLossBreakerOpen = true }, Settings);
        Assert.Equal((ExitConditionKind.CircuitBreaker, ExitPriority.Critical, 100), (e.Chosen!.Condition, e.Chosen.Priority, e.Chosen.Quantity.Value));
        Assert.DoesNotContain(ExitConditionKind.CircuitBreaker, Fired(At(0.70m) with { DailyLossBreakerOpen = false }));
    }

    [Fact]
    public void Time_based_urgent_fires_near_settlement_only_while_losing()
    {
        var losing = At(0.55m) with { TimeToSettlement = TimeSpan.FromMinutes(4.9) };
        var winning = At(0.65m) with { TimeToSettlement = TimeSpan.FromMinutes(1) };
        var early = At(0.55m) with { TimeToSettlement = TimeSpan.FromMinutes(5) };
        Assert.Contains(ExitConditionKind.TimeBasedUrgent, Fired(losing));
        Assert.DoesNotContain(ExitConditionKind.TimeBasedUrgent, Fired(winning));
        Assert.DoesNotContain(ExitConditionKind.TimeBasedUrgent, Fired(early));
    }

    [Fact]
    public void Liquidity_dried_up_fires_on_a_wide_spread_or_a_thin_bid()
    {
        var wide = At(0.62m) with { Book = new BookTop(new Price(0.62m), new Price(0.6501m), 10_000) };
        var thin = At(0.62m) with { Book = new BookTop(new Price(0.62m), new Price(0.63m), 49) };
        var fine = At(0.62m) with { Book = new BookTop(new Price(0.62m), new Price(0.65m), 50) };
        Assert.Contains(ExitConditionKind.LiquidityDriedUp, Fired(wide));
        Assert.Contains(ExitConditionKind.LiquidityDriedUp, Fired(thin));
        Assert.DoesNotContain(ExitConditionKind.LiquidityDriedUp, Fired(fine));
    }

    [Fact]
    public void Profit_target_fires_only_when_partial_exits_are_off()
    {
        var noPartials = Settings with { PartialExitsEnabled = false };
        Assert.Equal([ExitConditionKind.ProfitTarget], Fired(At(0.75m), noPartials));           // +25% high tier
        Assert.Empty(Fired(At(0.7499m), noPartials));
        Assert.Equal([ExitConditionKind.ProfitTarget], Fired(At(0.69m, ConfidenceTier.Low), noPartials)); // +15% low tier
        Assert.DoesNotContain(ExitConditionKind.ProfitTarget, Fired(At(0.75m)));
    }

    [Fact]
    public void Partial_stages_sell_their_share_of_the_original_quantity_once_each()
    {
        // +15% → stage 1: 50 of the original 100
        var first = ExitRules.Evaluate(At(0.69m), Settings).Chosen!;
        Assert.Equal((ExitConditionKind.PartialExitTarget, 50, 0), (first.Condition, first.Quantity.Value, first.Stage!.Value));

        // with stage 1 done and 50 left, +20% fires nothing; +25% → stage 2: 25 of the ORIGINAL 100
        Assert.Empty(Fired(At(0.72m, remaining: 50, executedStages: 0)));
        var second = ExitRules.Evaluate(At(0.75m, remaining: 50, executedStages: 0), Settings).Chosen!;
        Assert.Equal((25, 1), (second.Quantity.Value, second.Stage!.Value));

        // both done: nothing more from partial exits, whatever the gain
        Assert.Empty(Fired(At(0.95m, remaining: 25, executedStages: [0, 1])));
    }

    [Fact]
    public void Partial_stage_share_is_rounded_down_and_a_zero_share_stage_is_passed_over()
    {
        var view = new PositionView(Side.Yes, new Price(0.60m), new Quantity(3), new Quantity(3), ConfidenceTier.High, []);
        var book = new BookTop(new Price(0.75m), new Price(0.76m), 10_000);
        var ctx = new ExitContext(view, new Price(0.75m), book, TrailingStopState.Inactive(TrailingStopSettings.Default));

        var t = ExitRules.Evaluate(ctx, Settings).Chosen!;
        Assert.Equal(1, t.Quantity.Value); // floor(3 × 0.50) = 1

        var done = ctx with { Position = view with { RemainingQuantity = new Quantity(2), ExecutedStages = [0] } };
        Assert.Empty(ExitRules.Evaluate(done, Settings).Fired); // floor(3 × 0.25) = 0: stage 2 has nothing to sell
    }

    [Fact]
    public void Edge_conditions_split_at_zero_and_two_cents()
    {
        Assert.Equal([ExitConditionKind.EdgeDisappeared], Fired(At(0.61m) with { CurrentEdge = -0.0001m }));
        Assert.Equal([ExitConditionKind.EarlyExit], Fired(At(0.61m) with { CurrentEdge = 0m }));
        Assert.Equal([ExitConditionKind.EarlyExit], Fired(At(0.61m) with { CurrentEdge = 0.0199m }));
        Assert.Empty(Fired(At(0.61m) with { CurrentEdge = 0.02m }));
    }

    [Fact]
    public void Rebalance_needs_a_rival_five_points_better_and_a_profit()
    {
        Assert.Equal([ExitConditionKind.Rebalance], Fired(At(0.61m) with { CurrentEdge = 0.06m, BestRivalEdge = 0.11m }));
        Assert.Empty(Fired(At(0.61m) with { CurrentEdge = 0.06m, BestRivalEdge = 0.1099m }));
        Assert.Empty(Fired(At(0.60m) with { CurrentEdge = 0.06m, BestRivalEdge = 0.20m }));
    }

    [Fact]
    public void Conditions_without_their_inputs_are_not_evaluated()
    {
        // losing badly enough for nothing but stop loss; no edge, rival, clock or breaker given
        Assert.Equal([ExitConditionKind.StopLoss], Fired(At(0.40m)));
        Assert.Empty(Fired(At(0.61m)));
    }

    [Fact]
    public void Everything_that_fired_is_ordered_by_priority_then_table_order_and_the_rest_are_conflicting()
    {
        // stop loss (CRITICAL), breaker (CRITICAL), time urgent (HIGH), liquidity (HIGH), edge gone (LOW)
        var ctx = At(0.40m) with
        {
            DailyLossBreakerOpen = true,
            TimeToSettlement = TimeSpan.FromMinutes(1),
            CurrentEdge = -0.10m,
            Book = new BookTop(new Price(0.40m), new Price(0.50m), 10),
        };

        var e = ExitRules.Evaluate(ctx, Settings);

        Assert.Equal(
            [ExitConditionKind.StopLoss, ExitConditionKind.CircuitBreaker, ExitConditionKind.TimeBasedUrgent, ExitConditionKind.LiquidityDriedUp, ExitConditionKind.EdgeDisappeared],
            e.Fired.Select(t => t.Condition));
        Assert.Equal(ExitConditionKind.StopLoss, e.Chosen!.Condition);
        Assert.Equal(4, e.ConflictingTriggers.Count);
        Assert.Equal(ExitConditionKind.CircuitBreaker, e.ConflictingTriggers[0].Condition);
    }

    [Fact]
    public void A_closed_position_fires_nothing()
    {
        Assert.Empty(Fired(At(0.30m, remaining: 0) with { DailyLossBreakerOpen = true }));
    }

    [Fact]
    public void Timer_speeds_up_near_the_stop_loss_the_target_or_the_trailing_stop()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), ExitRules.NextCheckIn(At(0.62m), Settings));
        Assert.Equal(TimeSpan.FromSeconds(5), ExitRules.NextCheckIn(At(0.52m), Settings));   // stop loss at 0.51
        Assert.Equal(TimeSpan.FromSeconds(5), ExitRules.NextCheckIn(At(0.68m), Settings));   // stage 1 at 0.69

        var active = TrailingStop.OnMark(TrailingStopState.Inactive(TrailingStopSettings.Default), new Price(0.60m), new Price(0.80m), T0);
        Assert.Equal(TimeSpan.FromSeconds(5), ExitRules.NextCheckIn(At(0.77m, remaining: 25, executedStages: [0, 1]) with { Trailing = active }, Settings)); // activated at 0.80: stop 0.76
    }
}
