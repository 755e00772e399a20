using Precog.Domain.Entry;
using Precog.Domain.Exits;
using Precog.Domain.Fees;
using Precog.Domain.Games;
using Precog.Domain.Models;
using Precog.Domain.Models.Elo;
using Precog.Domain.Models.InGame;
using Precog.Domain.Strategies;
using Precog.Domain.Values;

namespace Precog.Domain.Tests.Strategies;

public class StrategyEvaluatorTests
{
    private static readonly Dictionary<string, double> Ratings = new() { ["BUF"] = 1650, ["CIN"] = 1550 };
    private static readonly NflWinModel Model = new(Ratings, EloConfig.Nfl538, InGameConfig.Nfl);
    private static readonly DateTimeOffset At = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);

    private static GameStateChanged Game(GameStatus status, string period = "Q1", string clock = "15:00", int home = 0, int away = 0) =>
        new("nfl", "401", "BUF", "CIN", home, away, period, clock, null, null, null, status, At);

    [Fact]
    public void Before_kickoff_the_estimate_is_fivethirtyeights_elo_with_home_advantage()
    {
        var e = Model.Estimate(Game(GameStatus.Scheduled))!;

        Assert.Equal(EloModel.WinProbability(1650 - 1550 + 65), e.HomeWins, 12);
        Assert.True(e.Lower <= e.HomeWins && e.HomeWins <= e.Upper);
    }

    [Fact]
    public void A_lead_late_in_the_game_moves_the_estimate_and_the_final_score_decides_it()
    {
        var pregame = Model.Estimate(Game(GameStatus.Pregame))!.HomeWins;
        var trailing = Model.Estimate(Game(GameStatus.Live, "Q4", "02:00", home: 10, away: 24))!.HomeWins;
        var lost = Model.Estimate(Game(GameStatus.Final, "Q4", "00:00", home: 10, away: 24))!.HomeWins;

        Assert.True(trailing < 0.05 && trailing < pregame, $"down 14 with two minutes left: {trailing}");
        Assert.Equal(0.0, lost);
        Assert.Equal(Model.Estimate(Game(GameStatus.Halftime, "HT", "00:00", 7, 7))!.HomeWins, Model.Estimate(Game(GameStatus.Live, "Q2", "00:00", 7, 7))!.HomeWins, 12);
    }

    [Theory]
    [InlineData("BUF", "CIN")]
    [InlineData("CIN", "BUF")]
    public void At_kickoff_the_in_game_estimate_picks_up_where_the_pregame_one_left_off(string home, string away)
    {
        var pregame = Model.Estimate(Game(GameStatus.Pregame) with { HomeTeam = home, AwayTeam = away })!.HomeWins;
        var kickoff = Model.Estimate(Game(GameStatus.Live, "Q1", "14:45") with { HomeTeam = home, AwayTeam = away })!.HomeWins;

        Assert.True(Math.Abs(pregame - kickoff) < 0.05, $"pregame {pregame} but {kickoff} fifteen seconds in");
    }

    [Fact]
    public void A_team_without_a_rating_is_not_priced_and_a_malformed_clock_is_refused_by_name()
    {
        Assert.Null(Model.Estimate(Game(GameStatus.Live) with { AwayTeam = "XXX" }));
        var e = Assert.Throws<FormatException>(() => Model.Estimate(Game(GameStatus.Live, "Q2", "7m")));
        Assert.Contains("clock '7m' of game 401", e.Message);
    }

    [Fact]
    public void Each_strategy_judges_both_sides_at_their_asks_with_the_fee_and_its_own_minimum_edge()
    {
        var estimate = new GameEstimate(0.70, 0.68, 0.72);
        var strategies = new[] { new StrategyDefinition("value", "v1.0", NflWinModel.DefaultLabel, 0.05m), new StrategyDefinition("value", "v1.1", NflWinModel.DefaultLabel, 0.10m) };
        var yes = new BookTop(new Price(0.58m), new Price(0.60m), 500);
        var no = new BookTop(new Price(0.40m), new Price(0.42m), 500);

        var judged = StrategyEvaluator.Judge(strategies, estimate, yesIsHome: true, yes, no, TimeSpan.FromSeconds(1), 1000, TradingSettings.Default, KalshiFeeModel.Default);

        Assert.Equal(4, judged.Count);
        var yesEdge = 0.70m - 0.60m - 0.07m * 0.60m * 0.40m;
        Assert.All(judged.Where(j => j.Reading.Side == Side.Yes), j => Assert.Equal(decimal.Round(yesEdge, 4), j.Reading.Edge));
        Assert.True(judged.Single(j => j.Strategy.Version == "v1.0" && j.Reading.Side == Side.Yes).Assessment.Admitted);
        Assert.False(judged.Single(j => j.Strategy.Version == "v1.1" && j.Reading.Side == Side.Yes).Assessment.Admitted);
        Assert.All(judged.Where(j => j.Reading.Side == Side.No), j => Assert.False(j.Assessment.Admitted));
        Assert.Equal(ConfidenceTier.High, judged[0].Reading.Confidence);
        Assert.Equal("value v1.0", judged[0].Reading.Strategy);
    }
}
