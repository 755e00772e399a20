using System.Text.RegularExpressions;
using Precog.Backtest.Replay;
using Precog.Backtest.Reports;
using Precog.Backtest.Tapes;
using Precog.Cli;
using Precog.Persistence;
using SkiaSharp;

namespace Precog.Backtest.Tests.Reports;

public sealed class ReportTests
{
    private static readonly DateTimeOffset T0 = new(2020, 9, 10, 12, 0, 0, TimeSpan.Zero);

    private static ClosedPosition Closed(string strategy, int day, decimal pnl, decimal cost) =>
        new(Guid.NewGuid(), strategy, "KXNFLGAME-X", T0.AddDays(day), pnl, cost);

    /// <summary>A summary as the run would read it from its tables: two versions, a few exits, forecasts on both sides.</summary>
    private static BacktestSummary Summary()
    {
        var tape = new Tape(new TapeHeader(TapeHeader.CurrentSchema, "test", T0, T0.AddDays(30), "synthetic"), []);
        var strategies = new[] { BacktestCommand.Strategy("nfl_value:v1.0"), BacktestCommand.Strategy("nfl_value:v1.1") };
        var options = new BacktestOptions(tape, strategies, 1, DatabaseTarget.Sqlite("unused.db"), "unused");
        GameForecast F(double model, double outcome) => new("g", "t", model, model + 0.01, outcome);
        var result = new BacktestResult(options, 10_000m, 10_030m, [F(0.15, 0), F(0.35, 1), F(0.55, 1), F(0.62, 0), F(0.81, 1), F(0.95, 1)], 100, 0, TimeSpan.FromSeconds(1));
        List<ClosedPosition> positions = [Closed("nfl_value v1.0", 1, 50m, 100m), Closed("nfl_value v1.1", 2, -40m, 100m), Closed("nfl_value v1.0", 3, 20m, 100m)];
        var by = strategies.Select(st => positions.Where(p => p.Strategy == st.Label).ToList())
            .Select((mine, i) => new StrategyResult(strategies[i].Label, mine.Count, mine.Count(p => p.RealizedPnl > 0), mine.Count(p => p.RealizedPnl <= 0),
                mine.Sum(p => p.Cost), mine.Sum(p => p.RealizedPnl), 1m, BacktestSummary.Drawdown(mine), BacktestSummary.Sharpe(mine))).ToList();
        return new BacktestSummary(result, 6, by, [new ExitResult("stop_loss", 1, 10, -40m), new ExitResult("trailing_stop", 2, 20, 75m)], positions,
            BacktestSummary.Drawdown(positions), 0.2, 0.21, null);
    }

    [Fact]
    public void The_report_embeds_every_chart_as_a_png_that_decodes()
    {
        var html = ReportWriter.Html(Summary());

        foreach (var id in ReportCharts.Ids)
        {
            var m = Regex.Match(html, $"<figure id=\"chart-{id}\">.*?src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
            Assert.True(m.Success, $"chart {id} is missing from report.html");
            var png = Convert.FromBase64String(m.Groups[1].Value);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            Assert.Equal((ReportCharts.Width, ReportCharts.Height), (bitmap.Width, bitmap.Height));
            // something was drawn: a blank canvas has one colour
            var colours = new HashSet<SKColor>();
            for (var x = 0; x < bitmap.Width; x += 7)
            for (var y = 0; y < bitmap.Height; y += 7)
                colours.Add(bitmap.GetPixel(x, y));
            Assert.True(colours.Count > 3, $"chart {id} looks blank");
        }
        Assert.DoesNotContain("src=\"http", html); // self-contained: nothing fetched
    }

    [Fact]
    public void Calibration_bins_are_tenths_of_the_prediction_with_their_mean_and_observed_share()
    {
        var bins = ReportCharts.Bins([(0.12, 0), (0.18, 1), (0.55, 1), (0.55, 1), (0.58, 0), (1.0, 1)]);

        Assert.Equal(3, bins.Count);
        Assert.Equal((0.15, 0.5, 2), (Math.Round(bins[0].Predicted, 10), bins[0].Observed, bins[0].Games));
        Assert.Equal((0.56, 2.0 / 3, 3), (Math.Round(bins[1].Predicted, 10), bins[1].Observed, bins[1].Games));
        Assert.Equal((1.0, 1.0, 1), bins[2]); // a certain prediction falls in the last tenth
    }

    [Fact]
    public void Sharpe_is_the_mean_roi_over_its_standard_deviation()
    {
        // ROIs 0.5, -0.4, 0.2: mean 0.1, sample sd sqrt(((0.4)^2 + (0.5)^2 + (0.1)^2) / 2) = sqrt(0.21)
        List<ClosedPosition> positions = [Closed("a", 1, 50m, 100m), Closed("a", 2, -40m, 100m), Closed("a", 3, 20m, 100m)];

        Assert.Equal(0.1 / Math.Sqrt(0.21), BacktestSummary.Sharpe(positions), 10);
        Assert.Equal(0, BacktestSummary.Sharpe(positions.Take(1).ToList()));
    }
}
