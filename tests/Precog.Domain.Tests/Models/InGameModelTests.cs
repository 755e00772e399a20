using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.Distributions;
using Precog.Domain.Models.InGame;

namespace Precog.Domain.Tests.Models;

public class InGameModelTests
{
    private static readonly InGameConfig C = InGameConfig.Nfl;

    [Theory]
    [InlineData(3, 1.0)]
    [InlineData(-3, 0.0)]
    [InlineData(0, 0.5)]
    public void At_the_final_whistle_the_result_is_known(double lead, double expected)
    {
        Assert.Equal(expected, InGameModel.Probability(lead, 1.0, expectedMargin: 7, C.Sigma));
    }

    [Fact]
    public void At_kickoff_it_is_the_normal_probability_of_the_expected_margin()
    {
        // t = 0, lead 0: Φ(μ / σ); a 3-point favourite: Φ(3 / 13.45) = Φ(0.2230) = 0.58825
        Assert.Equal(Normal.CDF(0, 1, 3 / 13.45), InGameModel.Probability(0, 0, 3, C.Sigma), 1e-12);
        Assert.Equal(0.58825, InGameModel.Probability(0, 0, 3, C.Sigma), 5);
    }

    [Fact]
    public void A_seven_point_halftime_lead_between_even_teams_wins_about_three_times_in_four()
    {
        // Φ(7 / (13.45 × √0.5)) = Φ(0.736) = 0.769
        Assert.Equal(0.769, InGameModel.Probability(7, 0.5, 0, C.Sigma), 3);
    }

    [Fact]
    public void Expected_margin_is_the_elo_difference_over_25()
    {
        Assert.Equal(4.0, InGameModel.ExpectedMargin(100, C));
    }

    [Theory]
    [InlineData(1, 900, 0.0)]
    [InlineData(2, 0, 0.5)]
    [InlineData(3, 450, 0.625)]
    [InlineData(4, 0, 1.0)]
    [InlineData(5, 300, 1 - 300 / 3600.0)]
    public void Game_clock_maps_to_the_fraction_played(int quarter, int secondsLeft, double expected)
    {
        Assert.Equal(expected, InGameModel.FractionPlayed(quarter, secondsLeft, C), 12);
    }

    [Fact]
    public void Impossible_clock_readings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InGameModel.FractionPlayed(6, 0, C));
        Assert.Throws<ArgumentOutOfRangeException>(() => InGameModel.FractionPlayed(2, 901, C));
        Assert.Throws<ArgumentOutOfRangeException>(() => InGameModel.Probability(0, 1.5, 0, C.Sigma));
    }

    [Fact]
    public void Interval_brackets_the_estimate_and_narrows_nothing_at_a_tie()
    {
        var p = InGameModel.WithInterval(7, 0.5, 0, C);
        Assert.True(p.Lower < p.Probability && p.Probability < p.Upper);
        var even = InGameModel.WithInterval(0, 0.5, 0, C);
        Assert.Equal((0.5, 0.5, 0.5), (even.Lower, even.Probability, even.Upper));
    }

    [Property]
    public Property Probability_rises_with_the_lead_and_is_symmetric_between_the_teams()
    {
        var gen =
            from lead in Gen.Choose(-40, 40)
            from t in Gen.Choose(0, 99)
            from mu in Gen.Choose(-14, 14)
            select (lead, t: t / 100.0, mu);
        return Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var p = InGameModel.Probability(x.lead, x.t, x.mu, C.Sigma);
            var more = InGameModel.Probability(x.lead + 1, x.t, x.mu, C.Sigma);
            var other = InGameModel.Probability(-x.lead, x.t, -x.mu, C.Sigma);
            return more >= p && Math.Abs(p + other - 1) < 1e-12 && p is >= 0 and <= 1;
        });
    }
}
