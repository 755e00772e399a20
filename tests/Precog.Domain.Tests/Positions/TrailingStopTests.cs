using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Precog.Domain.Positions;
using Precog.Domain.Values;

namespace Precog.Domain.Tests.Positions;

public class TrailingStopTests
{
    private static readonly Price Entry = new(0.60m);
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);

    private static TrailingStopState Walk(params decimal[] marks) =>
        marks.Aggregate(TrailingStopState.Inactive(TrailingStopSettings.Default),
            (s, m) => TrailingStop.OnMark(s, Entry, new Price(m), T0));

    [Fact]
    public void Worked_example_of_the_rules_is_reproduced_exactly()
    {
        // TRADING_RULES.md §2, entry 0.60.
        var s = TrailingStopState.Inactive(TrailingStopSettings.Default);

        s = TrailingStop.OnMark(s, Entry, new Price(0.64m), T0);
        Assert.False(s.Active);

        s = TrailingStop.OnMark(s, Entry, new Price(0.66m), T0.AddSeconds(1));
        Assert.True(s.Active);
        Assert.Equal((0.6270m, 0.05m), (s.CurrentStopPrice!.Value, s.CurrentDistance!.Value));
        Assert.Equal(new Price(0.66m), s.ActivationPrice);
        Assert.Equal(T0.AddSeconds(1), s.ActivatedAt);

        s = TrailingStop.OnMark(s, Entry, new Price(0.72m), T0);
        Assert.Equal((0.69264m, 0.038m), (s.CurrentStopPrice!.Value, s.CurrentDistance!.Value));

        s = TrailingStop.OnMark(s, Entry, new Price(0.80m), T0);
        Assert.Equal((0.7760m, 0.030m), (s.CurrentStopPrice!.Value, s.CurrentDistance!.Value));

        s = TrailingStop.OnMark(s, Entry, new Price(0.90m), T0);
        Assert.Equal((0.8820m, 0.020m), (s.CurrentStopPrice!.Value, s.CurrentDistance!.Value));
        Assert.False(s.IsHit(new Price(0.89m)));

        s = TrailingStop.OnMark(s, Entry, new Price(0.88m), T0);
        Assert.True(s.IsHit(new Price(0.88m)));
        Assert.Equal(new Price(0.90m), s.PeakPrice);
    }

    [Fact]
    public void Stop_fires_exactly_at_the_stop_price()
    {
        var s = Walk(0.66m);
        Assert.True(s.IsHit(new Price(0.627m)));
        Assert.False(s.IsHit(new Price(0.6271m)));
    }

    [Fact]
    public void Stop_stays_inactive_below_the_activation_gain_and_never_fires()
    {
        var s = Walk(0.65m, 0.50m, 0.10m);
        Assert.False(s.Active);
        Assert.False(s.IsHit(new Price(0.01m)));
    }

    [Fact]
    public void A_mark_at_or_below_the_peak_changes_nothing()
    {
        var before = Walk(0.66m, 0.72m);
        Assert.Equal(before, TrailingStop.OnMark(before, Entry, new Price(0.70m), T0));
        Assert.Equal(before, TrailingStop.OnMark(before, Entry, new Price(0.72m), T0));
    }

    [Fact]
    public void Settings_are_frozen_into_the_state_when_it_activates()
    {
        var custom = TrailingStopSettings.Default with { InitialDistance = 0.10m };
        var s = TrailingStop.OnMark(TrailingStopState.Inactive(custom), Entry, new Price(0.66m), T0);
        Assert.Equal(custom, s.Config);
        Assert.Equal(0.66m * 0.90m, s.CurrentStopPrice);
    }

    [Property(MaxTest = 300)]
    public Property Stop_never_moves_down_and_never_rises_above_the_peak()
    {
        var marks = Gen.Choose(1, 10_000).Select(x => x / 10_000m).ArrayOf();
        var entries = Gen.Choose(1, 9_999).Select(x => x / 10_000m);
        return Prop.ForAll(entries.ToArbitrary(), marks.ToArbitrary(), (entry, seq) =>
        {
            var s = TrailingStopState.Inactive(TrailingStopSettings.Default);
            foreach (var m in seq)
            {
                var next = TrailingStop.OnMark(s, new Price(entry), new Price(m), T0);
                if (s.Active && (!next.Active || next.CurrentStopPrice < s.CurrentStopPrice || next.PeakPrice < s.PeakPrice))
                    return false;
                if (next.Active && (next.CurrentStopPrice > next.PeakPrice!.Value.Value || next.CurrentDistance < next.Config.FloorDistance))
                    return false;
                s = next;
            }
            return true;
        });
    }
}
