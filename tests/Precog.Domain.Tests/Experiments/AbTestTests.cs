using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Precog.Domain.Experiments;

namespace Precog.Domain.Tests.Experiments;

public class AbTestTests
{
    [Fact]
    public void Chi_square_matches_a_hand_computed_table()
    {
        // [[30, 70], [45, 55]]: expected 37.5 / 62.5 per row; χ² = 2 × 7.5²/37.5 + 2 × 7.5²/62.5 = 4.8;
        // p = erfc(√(4.8 / 2)) = 0.028460 (1 degree of freedom)
        var r = AbTest.ChiSquare(30, 70, 45, 55);
        Assert.Equal(4.8, r.Statistic, 10);
        Assert.Equal(0.0284597, r.PValue, 6);
    }

    [Fact]
    public void Welch_matches_the_textbook_example()
    {
        // Welch's t-test, Wikipedia "Welch's t-test", example 1: t = −2.46, ν = 25.0, p = 0.021.
        // Exact t and ν recomputed by hand from the samples: −2.455356, 24.988529.
        double[] a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
        double[] b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];

        var r = AbTest.Welch(a, b);

        Assert.Equal(-2.455356, r.T, 5);
        Assert.Equal(24.988529, r.DegreesOfFreedom, 5);
        Assert.Equal(0.021, r.PValue, 3);
    }

    private static List<TradeOutcome> Trades(Arm arm, int wins, int losses, decimal winRoi, decimal lossRoi) =>
        Enumerable.Range(0, wins).Select(i => new TradeOutcome(arm, true, winRoi + i % 7 * 0.01m))
            .Concat(Enumerable.Range(0, losses).Select(i => new TradeOutcome(arm, false, lossRoi - i % 5 * 0.01m)))
            .ToList();

    [Fact]
    public void No_verdict_before_200_trades()
    {
        var trades = Trades(Arm.A, 90, 9, 0.3m, -0.5m).Concat(Trades(Arm.B, 10, 90, 0.3m, -0.5m)).ToList(); // 199
        var v = AbTest.Evaluate(trades, AbTestSettings.Default);
        Assert.Null(v.Winner);
        Assert.Contains("199 trades, 200 needed", v.Reason);
        Assert.Null(v.ChiSquare);
    }

    [Fact]
    public void A_clearly_better_arm_wins_when_both_tests_agree()
    {
        var trades = Trades(Arm.A, 70, 30, 0.30m, -0.40m).Concat(Trades(Arm.B, 45, 55, 0.30m, -0.40m)).ToList();

        var v = AbTest.Evaluate(trades, AbTestSettings.Default);

        Assert.Equal(Arm.A, v.Winner);
        Assert.True(v.ChiSquare!.PValue < 0.05 && v.Welch!.PValue < 0.05 && v.Welch.T > 0);
        Assert.Equal((100, 100), (v.TradesA, v.TradesB));
    }

    [Fact]
    public void Opposite_directions_give_no_winner()
    {
        // A wins more often but loses far more when it loses: win rate favours A, ROI favours B
        var trades = Trades(Arm.A, 80, 20, 0.05m, -0.95m).Concat(Trades(Arm.B, 50, 50, 0.60m, -0.10m)).ToList();

        var v = AbTest.Evaluate(trades, AbTestSettings.Default);

        Assert.Null(v.Winner);
        Assert.Contains("opposite directions", v.Reason);
    }

    [Fact]
    public void Indistinguishable_arms_give_no_winner()
    {
        var trades = Trades(Arm.A, 55, 45, 0.30m, -0.30m).Concat(Trades(Arm.B, 54, 46, 0.30m, -0.30m)).ToList();
        var v = AbTest.Evaluate(trades, AbTestSettings.Default);
        Assert.Null(v.Winner);
        Assert.Contains("not significant", v.Reason);
    }

    [Fact]
    public void Arm_assignment_is_a_pure_function_of_seed_and_opportunity()
    {
        var keys = Enumerable.Range(0, 50).Select(i => $"KXNFLGAME-{i}:halftime_entry").ToList();
        var first = keys.Select(k => ArmAssignment.Assign(42, k)).ToList();
        var reversed = keys.AsEnumerable().Reverse().Select(k => ArmAssignment.Assign(42, k)).Reverse().ToList();
        var otherSeed = keys.Select(k => ArmAssignment.Assign(43, k)).ToList();

        Assert.Equal(first, reversed);
        Assert.NotEqual(first, otherSeed);
        // the same in every process: the first 8 bytes of SHA-256("42:KXNFLGAME-0:halftime_entry") over 2^64,
        // computed independently (Python hashlib) as 0.22659097736543457
        Assert.Equal(0.22659097736543457, ArmAssignment.Draw(42, "KXNFLGAME-0:halftime_entry"), 15);
        Assert.Equal(Arm.A, ArmAssignment.Assign(42, "KXNFLGAME-0:halftime_entry"));
    }

    [Property(MaxTest = 20)]
    public Property Arm_split_converges_to_the_configured_share()
    {
        var gen = from seed in Gen.Choose(0, 1_000_000) from pct in Gen.Choose(10, 90) select (seed, share: pct / 100m);
        return Prop.ForAll(gen.ToArbitrary(), x =>
        {
            const int n = 20_000;
            var a = Enumerable.Range(0, n).Count(i => ArmAssignment.Assign(x.seed, $"opp-{i}", x.share) == Arm.A);
            // 5 standard deviations of a binomial(20,000, share): a wrong split fails, chance almost never does
            var sd = Math.Sqrt(n * (double)x.share * (1 - (double)x.share));
            return Math.Abs(a - n * (double)x.share) < 5 * sd;
        });
    }
}
