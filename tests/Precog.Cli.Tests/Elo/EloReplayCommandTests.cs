using System.Globalization;

namespace Precog.Cli.Tests.Elo;

public class EloReplayCommandTests : IDisposable
{
    private const string Header = "date,season,neutral,playoff,team1,team2,elo1,elo2,elo_prob1,score1,score2,result1";
    private readonly string _dir = Directory.CreateTempSubdirectory("precog-elo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Temp(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private string Ratings() => Temp("ratings.csv", "team,elo", "AAA,1500", "BBB,1450");

    [Fact]
    public void Replay_of_the_538_file_writes_every_row_in_order_and_reproduces_every_probability()
    {
        var games = SharedData.Path("data", "nfl_games_538.csv");
        var output = Path.Combine(_dir, "out.csv");

        var run = CliRun.Precog("elo", "replay", "--games", games, "--out", output);

        Assert.Equal(0, run.ExitCode);
        var input = File.ReadAllLines(games).Skip(1).Select(l => l.Split(',')).ToList();
        var lines = File.ReadAllLines(output);
        Assert.Equal("date,season,team1,team2,prob1,elo1_pre,elo2_pre", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(input.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal((input[i][0], input[i][1], input[i][4], input[i][5]), (rows[i][0], rows[i][1], rows[i][2], rows[i][3]));
            var gap = Math.Abs(double.Parse(rows[i][4], CultureInfo.InvariantCulture) - double.Parse(input[i][8], CultureInfo.InvariantCulture));
            Assert.True(gap <= 1e-9, $"row {i + 2}: prob1 {rows[i][4]} vs elo_prob1 {input[i][8]}");
        }
        Assert.Contains("games: 16810", run.Out);
        Assert.Matches(@"brier: 0\.2\d{5}", run.Out);
        Assert.Matches(@"log loss: 0\.6\d{5}", run.Out);
        Assert.Equal("", run.Err);
    }

    [Fact]
    public void Chain_mode_forecasts_from_the_models_own_ratings()
    {
        var games = Temp("games.csv", Header,
            "2000-09-01,2000,0,0,AAA,BBB,1.0,1.0,0.5,21,7,1",
            "2000-09-08,2000,1,0,BBB,AAA,,,,,,");
        var output = Path.Combine(_dir, "chain.csv");

        var run = CliRun.Precog("elo", "replay", "--games", games, "--out", output, "--initial-elos", Ratings(), "--anchor", "chain");

        Assert.Equal(0, run.ExitCode);
        var rows = File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(("1500", "1450"), (rows[0][5], rows[0][6])); // the published 1.0s are ignored
        Assert.True(double.Parse(rows[1][6], CultureInfo.InvariantCulture) > 1500); // AAA won: its rating rose
        Assert.Contains("played: 1", run.Out);
    }

    [Theory]
    [InlineData("2000-09-01,2000,0,0,AAA,BBB,1500,1450,0.5,21,7", "games.csv:3: 11 columns, expected 12")]
    [InlineData("2000-13-01,2000,0,0,AAA,BBB,1500,1450,0.5,21,7,1", "games.csv:3: date '2000-13-01' is not YYYY-MM-DD")]
    [InlineData("2000-09-01,2000,0,0,AAA,BBB,1500,1450,0.5,21,seven,1", "games.csv:3: score2 'seven' is not a whole number")]
    [InlineData("2000-09-01,2000,0,0,AAA,BBB,1500,1450,0.5,21,7,2", "games.csv:3: result1 '2' is not 0, 0.5 or 1")]
    [InlineData("2000-09-01,2000,0,0,AAA,BBB,1500,1450,1.5,21,7,1", "games.csv:3: elo_prob1 1.5 is outside [0, 1]")]
    [InlineData("2000-09-01,2000,2,0,AAA,BBB,1500,1450,0.5,21,7,1", "games.csv:3: neutral '2' is not 0 or 1")]
    [InlineData("2000-09-01,2000,0,0,AAA,CCC,1500,1450,0.5,21,7,1", "games.csv:3: team 'CCC' has no starting rating")]
    public void A_malformed_row_is_named_by_line_and_nothing_is_written(string badRow, string expected)
    {
        var games = Temp("games.csv", Header, "2000-09-01,2000,0,0,AAA,BBB,1500,1450,0.5,21,7,1", badRow);
        var output = Path.Combine(_dir, "never.csv");

        var run = CliRun.Precog("elo", "replay", "--games", games, "--out", output, "--initial-elos", Ratings());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, Assert.Single(run.ErrLines));
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void A_wrong_header_is_refused()
    {
        var games = Temp("games.csv", "date,season,team1,team2", "2000-09-01,2000,AAA,BBB");
        var run = CliRun.Precog("elo", "replay", "--games", games, "--out", Path.Combine(_dir, "o.csv"), "--initial-elos", Ratings());
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("games.csv:1: header is 'date,season,team1,team2'", Assert.Single(run.ErrLines));
    }

    [Fact]
    public void A_missing_games_file_is_named()
    {
        var missing = Path.Combine(_dir, "nope.csv");
        var run = CliRun.Precog("elo", "replay", "--games", missing, "--out", Path.Combine(_dir, "o.csv"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nope.csv", Assert.Single(run.ErrLines));
    }

    [Fact]
    public void Default_starting_ratings_are_looked_for_beside_the_games_file()
    {
        var games = Temp("games.csv", Header, "2000-09-01,2000,0,0,AAA,BBB,,,,21,7,1");
        var run = CliRun.Precog("elo", "replay", "--games", games, "--out", Path.Combine(_dir, "o.csv"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(Path.Combine(_dir, "nfl_initial_elos_538.csv"), Assert.Single(run.ErrLines));
    }

    [Theory]
    [InlineData("--anchor", "sometimes")]
    [InlineData("--colour", "red")]
    public void Unknown_options_and_values_are_bad_input(string option, string value)
    {
        var run = CliRun.Precog("elo", "replay", "--games", "g.csv", "--out", "o.csv", option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrLines);
    }
}
