using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Precog.Domain.Models;
using Precog.Domain.Models.Elo;

namespace Precog.Domain.Tests.Models;

public class EloModelTests
{
    private static readonly EloConfig C = EloConfig.Nfl538;

    [Fact]
    public void Home_team_gets_65_points_unless_the_site_is_neutral()
    {
        Assert.Equal(65.0, EloModel.Difference(1500, 1500, neutral: false, C));
        Assert.Equal(0.0, EloModel.Difference(1500, 1500, neutral: true, C));
        Assert.Equal(0.5, EloModel.WinProbability(0));
    }

    [Fact]
    public void First_game_of_the_538_file_is_forecast_exactly()
    {
        // 1920-09-26 RII 1503.947 v STP 1300.0 at home: elo_prob1 = 0.8246512009492516
        var p = EloModel.WinProbability(EloModel.Difference(1503.947, 1300.0, false, C));
        Assert.Equal(0.8246512009492516, p, 1e-15);
    }

    [Fact]
    public void A_400_point_edge_makes_the_favourite_ten_times_likelier()
    {
        var p = EloModel.WinProbability(400);
        Assert.Equal(10.0, p / (1 - p), 1e-12);
    }

    [Fact]
    public void Shift_follows_the_margin_of_victory_formula()
    {
        // RII beat STP 48-0 with a 268.947-point edge: mult = ln(49) × 2.2 / (0.268947 + 2.2)
        var diff = 268.947;
        var p = EloModel.WinProbability(diff);
        var expectedMult = Math.Log(49) * 2.2 / (diff * 0.001 + 2.2);

        Assert.Equal(expectedMult, EloModel.MarginMultiplier(48, 0, 1.0, diff, C), 1e-12);
        Assert.Equal(20 * expectedMult * (1 - p), EloModel.Shift(48, 0, 1.0, diff, p, C), 1e-12);
    }

    [Fact]
    public void An_upset_win_counts_more_than_a_favourites_win_by_the_same_margin()
    {
        // the winner's view of the edge: an underdog winner sees −diff, so the denominator shrinks
        Assert.True(EloModel.MarginMultiplier(10, 7, 0.0, 200, C) > EloModel.MarginMultiplier(10, 7, 1.0, 200, C));
    }

    [Fact]
    public void A_tie_uses_the_tie_denominator_and_a_margin_of_one()
    {
        Assert.Equal(Math.Log(2) * 2.2, EloModel.MarginMultiplier(10, 10, 0.5, 123, C), 1e-12);
    }

    [Fact]
    public void A_new_season_reverts_a_third_of_the_way_to_1505_unless_a_one_off_reset_applies()
    {
        Assert.Equal(1600 * (2 / 3.0) + 1505 / 3.0, EloModel.SeasonStart("KC", 2020, 1600, C), 1e-9);
        Assert.Equal(1300.0, EloModel.SeasonStart("CLE", 1999, 1600, C));
        Assert.Equal(1600 * (2 / 3.0) + 1505 / 3.0, EloModel.SeasonStart("CLE", 2000, 1600, C), 1e-9);
    }

    [Fact]
    public void Replay_reverts_ratings_only_at_a_teams_first_game_of_a_new_season()
    {
        var start = new Dictionary<string, double> { ["AAA"] = 1600, ["BBB"] = 1400 };
        var games = new[]
        {
            new EloGame(new DateOnly(2000, 9, 1), 2000, true, "AAA", "BBB", 10, 10, 0.5),
            new EloGame(new DateOnly(2001, 9, 1), 2001, true, "AAA", "BBB", null, null, null),
            new EloGame(new DateOnly(2001, 9, 8), 2001, true, "AAA", "BBB", null, null, null),
        };

        var f = EloReplay.Run(games, start, C).ToList();

        var afterTie = f[0].Elo1Before + EloModel.Shift(10, 10, 0.5, 200, f[0].Probability1, C);
        Assert.Equal(afterTie * (2 / 3.0) + 1505 / 3.0, f[1].Elo1Before, 1e-9);
        Assert.Equal(f[1].Elo1Before, f[2].Elo1Before); // unplayed game: no update, same season: no reversion
    }

    [Fact]
    public void A_team_without_a_starting_rating_is_named()
    {
        var games = new[] { new EloGame(new DateOnly(2000, 9, 1), 2000, false, "AAA", "ZZZ", 1, 0, 1.0) };
        var e = Assert.Throws<UnknownTeamException>(() => EloReplay.Run(games, new Dictionary<string, double> { ["AAA"] = 1500 }, C).ToList());
        Assert.Equal("ZZZ", e.Team);
    }

    [Property]
    public Property Both_teams_probabilities_add_up_to_one_and_the_shift_conserves_rating_points()
    {
        var gen =
            from e1 in Gen.Choose(1000, 2000)
            from e2 in Gen.Choose(1000, 2000)
            from s1 in Gen.Choose(0, 60)
            from s2 in Gen.Choose(0, 60)
            from neutral in Gen.Elements(true, false)
            select (e1, e2, s1, s2, neutral);
        return Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var d = EloModel.Difference(x.e1, x.e2, x.neutral, C);
            var p1 = EloModel.WinProbability(d);
            var p2 = EloModel.WinProbability(-d);
            var r = x.s1 > x.s2 ? 1.0 : x.s1 < x.s2 ? 0.0 : 0.5;
            var games = new[] { new EloGame(new DateOnly(2000, 1, 1), 2000, x.neutral, "A", "B", x.s1, x.s2, r), new EloGame(new DateOnly(2000, 1, 8), 2000, true, "A", "B", null, null, null) };
            var after = EloReplay.Run(games, new Dictionary<string, double> { ["A"] = x.e1, ["B"] = x.e2 }, C).Last();
            var winnerGained = r == 0.5 || (r == 1.0 ? after.Elo1Before > x.e1 : after.Elo1Before < x.e1);
            return Math.Abs(p1 + p2 - 1) < 1e-12
                   && Math.Abs(after.Elo1Before + after.Elo2Before - (x.e1 + x.e2)) < 1e-9
                   && winnerGained;
        });
    }

    [Fact]
    public void Forecast_scores_match_hand_computed_brier_and_log_loss()
    {
        var s = ForecastScore.Of([(0.8, 1.0), (0.3, 0.0), (0.5, 0.5)]);
        Assert.Equal(3, s.Count);
        Assert.Equal((0.04 + 0.09 + 0) / 3, s.Brier, 1e-12);
        Assert.Equal(-(Math.Log(0.8) + Math.Log(0.7) + Math.Log(0.5)) / 3, s.LogLoss, 1e-12);
    }
}
