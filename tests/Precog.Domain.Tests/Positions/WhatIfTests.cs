using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Precog.Domain.Entry;
using Precog.Domain.Exits;
using Precog.Domain.Positions;
using Precog.Domain.Values;

namespace Precog.Domain.Tests.Positions;

public class WhatIfTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);

    private static WhatIfMark Deep(decimal mark) =>
        new(new Price(mark), new BookTop(new Price(mark), Price.Clamp(mark + 0.01m), 1_000_000), MarketInputs.Unknown);

    private static IReadOnlyList<WhatIfRow> Walk(int qty, params decimal[] marks) =>
        WhatIf.Walk(Side.Yes, new Price(0.60m), new Quantity(qty), ConfidenceTier.High, marks.Select(Deep),
            ExitSettings.Default, TrailingStopSettings.Default, T0, TimeSpan.FromSeconds(1));

    [Fact]
    public void Worked_examples_of_sections_2_and_3_play_out_mark_by_mark()
    {
        var rows = Walk(100, 0.64m, 0.66m, 0.72m, 0.80m, 0.90m, 0.88m);

        // 0.64: nothing; 0.66: the trailing stop activates at 0.6270
        Assert.Null(rows[0].Action);
        Assert.False(rows[0].Trailing.Active);
        Assert.Equal(0.6270m, rows[1].Trailing.CurrentStopPrice);
        Assert.Null(rows[1].Action);
        // 0.72 (+20%): stage 1 sells 50 of 100; stop 0.69264
        Assert.Equal((ExitConditionKind.PartialExitTarget, 50, 50), (rows[2].Action!.Condition, rows[2].Action!.Quantity.Value, rows[2].Remaining.Value));
        Assert.Equal(0.69264m, rows[2].Trailing.CurrentStopPrice);
        // 0.80 (+33%): stage 2 sells 25 of the original 100; stop 0.7760
        Assert.Equal((ExitConditionKind.PartialExitTarget, 25, 25), (rows[3].Action!.Condition, rows[3].Action!.Quantity.Value, rows[3].Remaining.Value));
        Assert.Equal(0.7760m, rows[3].Trailing.CurrentStopPrice);
        // 0.90: floor distance, stop 0.8820, nothing fires (profit target is off while partial exits are on)
        Assert.Null(rows[4].Action);
        Assert.Equal((0.8820m, 0.02m), (rows[4].Trailing.CurrentStopPrice!.Value, rows[4].Trailing.CurrentDistance!.Value));
        // 0.88 ≤ 0.8820: the trailing stop sells the last 25 at HIGH
        Assert.Equal((ExitConditionKind.TrailingStop, ExitPriority.High, 25, 0),
            (rows[5].Action!.Condition, rows[5].Action!.Priority, rows[5].Action!.Quantity.Value, rows[5].Remaining.Value));
    }

    [Fact]
    public void Only_one_exit_is_taken_per_mark_even_when_two_stages_are_crossed_at_once()
    {
        var rows = Walk(100, 0.80m, 0.80m);
        Assert.Equal((0, 50), (rows[0].Action!.Stage!.Value, rows[0].Remaining.Value));
        Assert.Equal((1, 25), (rows[1].Action!.Stage!.Value, rows[1].Remaining.Value));
    }

    [Fact]
    public void Selling_more_than_is_held_is_refused()
    {
        var state = PositionState.Open(Side.No, new Price(0.40m), new Quantity(10), ConfidenceTier.Low, TrailingStopSettings.Default);
        var trigger = new ExitTrigger(ExitConditionKind.StopLoss, ExitPriority.Critical, new Quantity(11), "test");
        Assert.Throws<InvalidOperationException>(() => state.ApplyExitFill(trigger, new Quantity(11)));
    }

    [Property(MaxTest = 300)]
    public Property Exits_never_sell_more_than_was_bought_and_each_stage_runs_at_most_once()
    {
        var marks = Gen.Choose(1, 100).Select(x => x / 100m).ArrayOf();
        return Prop.ForAll(Gen.Choose(1, 500).ToArbitrary(), marks.ToArbitrary(), (qty, seq) =>
        {
            var rows = Walk(qty, seq);
            var sold = rows.Where(r => r.Action is not null).Sum(r => r.Action!.Quantity.Value);
            var stages = rows.Where(r => r.Action?.Stage is not null).Select(r => r.Action!.Stage!.Value).ToList();
            var remainingNeverRises = rows.Zip(rows.Skip(1)).All(p => p.Second.Remaining <= p.First.Remaining);
            return sold <= qty
                   && (rows.Count == 0 || rows[^1].Remaining.Value == qty - sold)
                   && stages.Distinct().Count() == stages.Count
                   && remainingNeverRises;
        });
    }
}
