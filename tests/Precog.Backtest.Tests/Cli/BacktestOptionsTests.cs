using Precog.Cli;

namespace Precog.Backtest.Tests.Cli;

/// <summary>`precog backtest`'s options: each bad value is refused with its option named, before anything runs or is written.</summary>
public sealed class BacktestOptionsTests
{
    private static (int Code, string Error, string Dir) Backtest(params string[] extra)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"precog-backtest-options-{Guid.NewGuid():N}");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = ["backtest", "--tape", "no-such.tape", "--strategy", "nfl_value:v1.0", "--report", dir, .. extra];
        var code = PrecogCli.Run(args, stdout, stderr, new CliTerminal(Interactive: false));
        return (code, stderr.ToString(), dir);
    }

    [Theory]
    [InlineData("--model", "nfl_elo_ingame:v9", "--model 'nfl_elo_ingame:v9' is not a known version (nfl_elo_ingame:v1.0, nfl_elo_ingame:v1.1)")]
    [InlineData("--model", "elo", "--model 'elo' is not NAME:VERSION")]
    [InlineData("--from", "2020-13-01", "--from '2020-13-01' is not a date YYYY-MM-DD")]
    [InlineData("--to", "yesterday", "--to 'yesterday' is not a date YYYY-MM-DD")]
    [InlineData("--ab", "alternate", "--ab 'alternate' is not side-by-side or split")]
    [InlineData("--ab", "split", "--ab split needs two --strategy versions")]
    [InlineData("--strategy", "nfl_value:v2.0:0.05@nfl_elo_ingame:v9.9",
        "--strategy 'nfl_value:v2.0:0.05@nfl_elo_ingame:v9.9': model 'nfl_elo_ingame:v9.9' is not a known version (nfl_elo_ingame:v1.0, nfl_elo_ingame:v1.1)")]
    [InlineData("--strategy", "nfl_value:v2.0:0.05@", "--strategy 'nfl_value:v2.0:0.05@': model '' is not NAME:VERSION")]
    [InlineData("--strategy", "nfl_value:v2.0:x@nfl_elo_ingame:v1.1", "--strategy 'nfl_value:v2.0:x': minimum edge 'x' is not a number in [0, 1]")]
    public void A_bad_value_is_refused_by_name_and_nothing_is_written(string option, string value, string message)
    {
        var (code, error, dir) = Backtest(option, value);

        Assert.Equal(PrecogCli.BadInput, code);
        Assert.Contains(message, error);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void A_window_the_tape_does_not_cover_is_refused_with_the_tapes_own_span()
    {
        var tape = Path.Combine(Path.GetTempPath(), $"precog-window-{Guid.NewGuid():N}.tape");
        var games = SharedData.Path("data", "nfl_games_538.csv");
        Assert.Equal(PrecogCli.Ok, PrecogCli.Run(["tape", "from-538", "--games", games, "--season", "2020", "--out", tape], new StringWriter(), new StringWriter()));
        var stderr = new StringWriter();
        var dir = Path.Combine(Path.GetTempPath(), $"precog-backtest-options-{Guid.NewGuid():N}");

        var code = PrecogCli.Run(["backtest", "--tape", tape, "--strategy", "nfl_value:v1.0", "--from", "2022-01-01", "--report", dir], new StringWriter(), stderr,
            new CliTerminal(Interactive: false));

        Assert.Equal(PrecogCli.BadInput, code);
        Assert.Contains("the tape has no market listed from 2022-01-01 to the end (it runs from 2020-09-10 to 2021-02-07)", stderr.ToString());
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void A_strategy_version_may_name_the_model_version_it_prices_with_after_an_at_sign()
    {
        var own = BacktestCommand.Strategy("nfl_value:v2.0:0.06@nfl_elo_ingame:v1.1", "nfl_elo_ingame v1.0");
        Assert.Equal(("nfl_value v2.0", "nfl_elo_ingame v1.1", 0.06m), (own.Label, own.Model, own.MinEdge));
        var known = BacktestCommand.Strategy("nfl_value:v1.1@nfl_elo_ingame:v1.0");
        Assert.Equal(("nfl_value v1.1", "nfl_elo_ingame v1.0", 0.08m), (known.Label, known.Model, known.MinEdge));
        Assert.Equal("nfl_elo_ingame v1.1", BacktestCommand.Strategy("nfl_value:v1.0", "nfl_elo_ingame v1.1").Model); // --model's, without @
    }
}
