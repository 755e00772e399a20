using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Precog.Domain.Entry;
using Precog.Domain.Fees;
using Precog.Domain.Values;

namespace Precog.Domain.Tests.Entry;

public class KellySizerTests
{
    private static readonly KalshiFeeModel Fees = KalshiFeeModel.Default;
    private static readonly SizingSettings Defaults = SizingSettings.Default;

    private static Portfolio Empty(decimal bankroll) => new(new Money(bankroll), Money.Zero, 0, 0, Money.Zero);

    [Fact]
    public void Quarter_kelly_on_the_all_in_cost_sizes_the_position()
    {
        // c = 0.50 + 0.07 × 0.25 = 0.5175; f* = (0.60 − 0.5175) / 0.4825 = 0.170984…;
        // stake = 0.25 × f* × 10,000 = 427.46…; contracts = floor(427.46 / 0.5175) = 826,
        // cost 826 × 0.50 + ceil(14.455) = 413 + 14.46 = 427.46, under every cap.
        var size = KellySizer.Size(new Probability(0.60m), new Price(0.50m), Empty(10_000m), Defaults, Fees);

        Assert.Equal(826, size.Contracts.Value);
        Assert.Equal(SizeLimit.Kelly, size.BoundBy);
        Assert.Equal(427.46m, size.Cost.Value);
        Assert.Equal(0.0825m / 0.4825m, size.KellyFraction);
    }

    [Fact]
    public void Max_position_of_500_dollars_caps_a_large_kelly_stake()
    {
        // f* = 0.3825 / 0.4825: stake 1,981.87 > $500 → floor(500 / 0.5175) = 966, cost 483 + 16.91 = 499.91
        var size = KellySizer.Size(new Probability(0.90m), new Price(0.50m), Empty(10_000m), Defaults, Fees);
        Assert.Equal(966, size.Contracts.Value);
        Assert.Equal(SizeLimit.MaxPosition, size.BoundBy);
        Assert.Equal(499.91m, size.Cost.Value);
    }

    [Fact]
    public void Five_percent_of_the_bankroll_caps_a_small_account()
    {
        // bankroll 4,000: cap $200 → floor(200 / 0.5175) = 386, cost 193 + 6.76 = 199.76
        var size = KellySizer.Size(new Probability(0.90m), new Price(0.50m), Empty(4_000m), Defaults, Fees);
        Assert.Equal(386, size.Contracts.Value);
        Assert.Equal(SizeLimit.BankrollShare, size.BoundBy);
    }

    [Fact]
    public void Remaining_total_exposure_caps_the_size()
    {
        var book = new Portfolio(new Money(100_000m), new Money(9_900m), 3, 0, Money.Zero);
        var size = KellySizer.Size(new Probability(0.90m), new Price(0.50m), book, Defaults, Fees);
        Assert.Equal(SizeLimit.TotalExposure, size.BoundBy);
        Assert.Equal(193, size.Contracts.Value);
        Assert.True(size.Cost.Value <= 100m);
    }

    [Fact]
    public void Exposure_per_game_caps_the_size()
    {
        var book = new Portfolio(new Money(100_000m), new Money(1_450m), 2, 2, new Money(1_450m));
        var size = KellySizer.Size(new Probability(0.90m), new Price(0.50m), book, Defaults, Fees);
        Assert.Equal(SizeLimit.GameExposure, size.BoundBy);
        Assert.True(size.Cost.Value <= 50m);
    }

    [Fact]
    public void Ten_open_positions_or_three_in_the_game_allow_no_new_one()
    {
        var full = new Portfolio(new Money(10_000m), Money.Zero, 10, 0, Money.Zero);
        var gameFull = new Portfolio(new Money(10_000m), Money.Zero, 3, 3, Money.Zero);
        Assert.Equal(SizeLimit.OpenPositions, KellySizer.Size(new Probability(0.9m), new Price(0.5m), full, Defaults, Fees).BoundBy);
        Assert.Equal(SizeLimit.PositionsPerGame, KellySizer.Size(new Probability(0.9m), new Price(0.5m), gameFull, Defaults, Fees).BoundBy);
        Assert.True(KellySizer.Size(new Probability(0.9m), new Price(0.5m), full, Defaults, Fees).Contracts.IsZero);
    }

    [Fact]
    public void No_edge_after_fees_means_no_contracts()
    {
        // c = 0.50 + 0.0175 > p = 0.51
        var size = KellySizer.Size(new Probability(0.51m), new Price(0.50m), Empty(10_000m), Defaults, Fees);
        Assert.Equal(SizeLimit.NoEdge, size.BoundBy);
        Assert.True(size.Contracts.IsZero);
    }

    [Property(MaxTest = 500)]
    public Property Size_never_costs_more_than_the_stake_or_any_cap()
    {
        var gen =
            from p in Gen.Choose(1, 9999)
            from a in Gen.Choose(1, 99)
            from bankroll in Gen.Choose(0, 200_000)
            from exposure in Gen.Choose(0, 12_000)
            from gameExposure in Gen.Choose(0, 2_000)
            from open in Gen.Choose(0, 12)
            from inGame in Gen.Choose(0, 4)
            select (p, a, bankroll, exposure, gameExposure, open, inGame);
        return Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var book = new Portfolio(new Money(x.bankroll), new Money(x.exposure), x.open, x.inGame, new Money(x.gameExposure));
            var size = KellySizer.Size(new Probability(x.p / 10_000m), new Price(x.a / 100m), book, Defaults, Fees);
            var cost = size.Cost.Value;
            var fits = cost <= Defaults.MaxPositionDollars
                       && cost <= Defaults.MaxPositionBankrollShare * x.bankroll
                       && cost <= Math.Max(0, Defaults.MaxTotalExposure - x.exposure)
                       && cost <= Math.Max(0, Defaults.MaxExposurePerGame - x.gameExposure)
                       && cost <= size.Stake.Value + 0.0001m;
            var countsRespected = size.Contracts.IsZero || (x.open < Defaults.MaxOpenPositions && x.inGame < Defaults.MaxPositionsPerGame);
            return fits && countsRespected && cost == (size.Contracts.IsZero ? 0m : KellySizer.CostOf(size.Contracts.Value, new Price(x.a / 100m), Fees).Value);
        });
    }
}
