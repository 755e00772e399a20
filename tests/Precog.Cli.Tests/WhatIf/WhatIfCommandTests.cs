using System.Text.Json;

namespace Precog.Cli.Tests.WhatIf;

public class WhatIfCommandTests
{
    private static readonly string[] WorkedExample =
        ["whatif", "--side", "yes", "--entry", "0.60", "--qty", "100", "--marks", "0.64,0.66,0.72,0.80,0.90,0.88"];

    [Fact]
    public void Json_output_reproduces_the_worked_examples_row_by_row()
    {
        var run = CliRun.Precog([.. WorkedExample, "--json"]);

        Assert.Equal(0, run.ExitCode);
        var rows = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(6, rows.Count);

        decimal? Stop(int i) => rows[i].GetProperty("trailing").GetProperty("stop") is { ValueKind: JsonValueKind.Number } s ? s.GetDecimal() : null;
        string? Action(int i) => rows[i].GetProperty("action") is { ValueKind: JsonValueKind.Object } a
            ? $"{a.GetProperty("priority").GetString()} {a.GetProperty("condition").GetString()} {a.GetProperty("quantity").GetInt32()}"
            : null;

        Assert.Equal([null, 0.627m, 0.69264m, 0.776m, 0.882m, 0.882m], Enumerable.Range(0, 6).Select(Stop));
        Assert.Equal([null, null, "MEDIUM partial_exit_target 50", "MEDIUM partial_exit_target 25", null, "HIGH trailing_stop 25"],
            Enumerable.Range(0, 6).Select(Action));
        Assert.Equal([100, 100, 50, 25, 25, 0], rows.Select(r => r.GetProperty("remaining").GetInt32()));
        Assert.Equal(0.2m, rows[2].GetProperty("pnl_pct").GetDecimal());
        Assert.False(rows[0].GetProperty("trailing").GetProperty("active").GetBoolean());
        Assert.Equal(0.038m, rows[2].GetProperty("trailing").GetProperty("distance").GetDecimal());
        Assert.Equal(0.9m, rows[5].GetProperty("trailing").GetProperty("peak").GetDecimal());
        Assert.Equal(["trailing_stop"], rows[5].GetProperty("fired").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public void Table_output_has_one_row_per_mark_with_the_action_taken()
    {
        var run = CliRun.Precog(WorkedExample);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n').Where(l => l.TrimStart().StartsWith("0.", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, lines.Count);
        Assert.Contains("0.69264", lines[2]);
        Assert.Contains("MEDIUM partial_exit_target sell 50", lines[2]);
        Assert.Contains("HIGH trailing_stop sell 25", lines[5]);
    }

    [Fact]
    public void Optional_inputs_bring_their_conditions_into_play()
    {
        var run = CliRun.Precog("whatif", "--side", "no", "--entry", "0.40", "--qty", "10", "--marks", "0.41,0.39",
            "--edge", "0.03,-0.01", "--minutes-to-settlement", "3", "--daily-loss-breaker", "closed", "--json");

        Assert.Equal(0, run.ExitCode);
        var rows = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("action").ValueKind);
        // losing with 3 minutes left (HIGH) beats the negative edge (LOW)
        Assert.Equal(["time_based_urgent", "edge_disappeared"], rows[1].GetProperty("fired").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("time_based_urgent", rows[1].GetProperty("action").GetProperty("condition").GetString());
    }

    [Fact]
    public void Book_from_bids_and_asks_can_dry_up_liquidity()
    {
        var run = CliRun.Precog("whatif", "--side", "yes", "--entry", "0.50", "--qty", "10", "--marks", "0.50,0.50",
            "--bids", "0.50@500,0.50@20", "--asks", "0.51", "--json");

        var rows = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(0, rows[0].GetProperty("fired").GetArrayLength());
        Assert.Equal("liquidity_dried_up", rows[1].GetProperty("action").GetProperty("condition").GetString());
    }

    [Fact]
    public void Confidence_and_config_change_the_thresholds()
    {
        var dir = Directory.CreateTempSubdirectory("precog-whatif-").FullName;
        try
        {
            var conf = Path.Combine(dir, "tight.conf");
            File.WriteAllText(conf, "precog.trading.exits.stop-loss.low = -0.05");
            var low = CliRun.Precog("whatif", "--side", "yes", "--entry", "0.60", "--qty", "10", "--marks", "0.56", "--confidence", "low", "--json");
            var tight = CliRun.Precog("whatif", "--side", "yes", "--entry", "0.60", "--qty", "10", "--marks", "0.56", "--confidence", "low", "--config", conf, "--json");

            // −6.7%: inside the low tier's −8% stop, outside the configured −5%
            Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(low.Out).RootElement[0].GetProperty("action").ValueKind);
            Assert.Equal("stop_loss", JsonDocument.Parse(tight.Out).RootElement[0].GetProperty("action").GetProperty("condition").GetString());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("--entry", "1.60", "price 1.60 is outside [0, 1]")]
    [InlineData("--marks", "0.5,1.2", "price 1.2 is outside [0, 1]")]
    [InlineData("--marks", "0.5,,0.6", "empty item 2")]
    [InlineData("--marks", "0.5,abc", "'abc' is not a number")]
    [InlineData("--entry", "0.12345", "more than 4 decimal places")]
    [InlineData("--side", "maybe", "side 'maybe' is neither 'yes' nor 'no'")]
    [InlineData("--qty", "0", "--qty 0 must be a positive number")]
    [InlineData("--qty", "ten", "ten")]
    [InlineData("--confidence", "huge", "confidence 'huge' is not one of high, medium, low")]
    [InlineData("--edge", "0.1,0.2", "--edge has 2 values but there are 3 marks")]
    [InlineData("--bids", "0.5@x", "size 'x'")]
    [InlineData("--asks", "0.40", "ask 0.4000 at mark 1 is below the bid 0.5000")]
    [InlineData("--config", "/nonexistent/precog.conf", "configuration file '/nonexistent/precog.conf' does not exist")]
    [InlineData("--bogus", "1", "Unrecognized command or argument '--bogus'")]
    public void Bad_input_gives_one_line_on_stderr_and_exit_code_2(string option, string value, string expected)
    {
        var args = new Dictionary<string, string>
        {
            ["--side"] = "yes", ["--entry"] = "0.60", ["--qty"] = "10", ["--marks"] = "0.5,0.6,0.7",
        };
        args[option] = value;

        var run = CliRun.Precog(["whatif", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrLines);
        Assert.StartsWith("precog: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", run.Err);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void A_missing_required_option_is_bad_input()
    {
        var run = CliRun.Precog("whatif", "--side", "yes", "--entry", "0.60", "--qty", "10");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--marks", Assert.Single(run.ErrLines));
    }
}
