using Precog.Backtest.Reports;
using Precog.Domain.Experiments;

namespace Precog.Backtest.Tests.Reports;

/// <summary>The report's A/B verdict from positions, on constructed samples whose statistics are known by hand.</summary>
public sealed class AbTests
{
    private static IEnumerable<ClosedPosition> Trades(string strategy, int wins, int losses) =>
        Enumerable.Range(0, wins).Select(_ => new ClosedPosition(Guid.NewGuid(), strategy, "T", null, 50m, 100m))
            .Concat(Enumerable.Range(0, losses).Select(_ => new ClosedPosition(Guid.NewGuid(), strategy, "T", null, -50m, 100m)));

    [Fact]
    public void A_version_winning_90_of_150_against_60_of_150_wins_with_the_hand_computed_statistics()
    {
        // wins/losses 90/60 against 60/90: every expected cell 75, chi-square = 4 × 15² / 75 = 12 (p = 0.000532).
        // ROI ±0.5: means 0.1 and -0.1, each sample variance 36 / 149, so t = 0.2 / sqrt(2 × 36 / 149 / 150) = 3.52373.
        var positions = Trades("v1.0", 90, 60).Concat(Trades("v1.1", 60, 90)).ToList();

        var ab = BacktestSummary.AbVerdictOf(positions, ["v1.0", "v1.1"])!;

        Assert.Equal(Arm.A, ab.Winner);
        Assert.Equal((150, 150), (ab.TradesA, ab.TradesB));
        Assert.Equal(12.0, ab.ChiSquare!.Statistic, 9);
        Assert.Equal(0.000532, ab.ChiSquare.PValue, 6);
        Assert.Equal(0.2 / Math.Sqrt(2 * 36.0 / 149 / 150), ab.Welch!.T, 9);
        Assert.Equal(298, ab.Welch.DegreesOfFreedom, 6);
    }

    [Fact]
    public void Equal_versions_have_no_winner_and_fewer_than_200_trades_are_not_judged()
    {
        var equal = BacktestSummary.AbVerdictOf(Trades("a", 60, 60).Concat(Trades("b", 60, 60)).ToList(), ["a", "b"])!;
        Assert.Null(equal.Winner);
        Assert.Equal(0, equal.ChiSquare!.Statistic, 12);
        Assert.Equal(1, equal.Welch!.PValue, 9);

        var few = BacktestSummary.AbVerdictOf(Trades("a", 90, 10).Concat(Trades("b", 10, 89)).ToList(), ["a", "b"])!;
        Assert.Null(few.Winner);
        Assert.Contains("199 trades, 200 needed", few.Reason);
        Assert.Null(BacktestSummary.AbVerdictOf(Trades("a", 1, 1).ToList(), ["a"]));
    }

    [Fact]
    public void A_split_draws_each_market_for_one_arm_by_seed_and_leaves_other_versions_alone()
    {
        var split = new AbSplit(7, "v1.0", "v1.1");
        var tickers = Enumerable.Range(0, 2000).Select(i => $"KXNFLGAME-{i}").ToList();

        foreach (var t in tickers.Take(50))
        {
            Assert.NotEqual(split.Allows("v1.0", t), split.Allows("v1.1", t)); // exactly one arm
            Assert.True(split.Allows("v2.0", t)); // not in the test
            Assert.Equal(ArmAssignment.Assign(7, t), split.ArmOf(t)); // the domain's seeded draw
        }
        var shareA = tickers.Count(t => split.ArmOf(t) == Arm.A) / 2000.0;
        Assert.InRange(shareA, 0.46, 0.54); // 50/50 within 3.6 standard deviations
        Assert.NotEqual(tickers.Select(split.ArmOf), tickers.Select(new AbSplit(8, "v1.0", "v1.1").ArmOf)); // another seed, another draw
    }
}
