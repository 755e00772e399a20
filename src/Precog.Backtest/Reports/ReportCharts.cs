using System.Globalization;
using ScottPlot;

namespace Precog.Backtest.Reports;

/// <summary>One chart of the report: its title, what it shows, and the PNG ScottPlot drew.</summary>
public sealed record ReportChart(string Id, string Title, string Caption, byte[] Png);

/// <summary>
/// The report's charts, drawn by ScottPlot (SkiaSharp, headless) as PNGs: equity curve, drawdown, P&amp;L by strategy
/// version and by exit condition, and the calibration of the model's probabilities against the outcomes. The numbers
/// are the summary's; doubles here are for drawing only.
/// </summary>
public static class ReportCharts
{
    public const int Width = 900;
    public const int Height = 420;

    /// <summary>The charts every report has, in the order they are shown (each drawn even when it has nothing to show).</summary>
    public static readonly string[] Ids = ["equity", "drawdown", "pnl-by-strategy", "pnl-by-exit", "calibration"];

    public static IReadOnlyList<ReportChart> Draw(BacktestSummary s) =>
    [
        new("equity", "Equity curve", "Starting balance plus realized P&L (fees included), each position at its exit; one line per strategy version and all together.", Equity(s)),
        new("drawdown", "Drawdown", "How far the equity of all versions together stood below its running peak, at each exit.", Drawdown(s)),
        new("pnl-by-strategy", "P&L by strategy version", "Realized P&L of each version, fees included.", Bars(s.ByStrategy.Select(r => (r.Strategy, (double)r.RealizedPnl)), "realized P&L ($)")),
        new("pnl-by-exit", "P&L by exit condition", "P&L before fees of the contracts each exit condition sold (quantity × (exit − entry)); positions held to settlement are not exits.",
            Bars(s.ByExit.Select(x => (x.Condition, (double)x.GrossPnl)), "P&L before fees ($)")),
        new("calibration", "Calibration", string.Create(CultureInfo.InvariantCulture,
            $"Games binned by predicted P(YES) in tenths: mean prediction against the share that resolved YES. Brier score: {string.Join(", ", s.Models.Select(m => string.Create(CultureInfo.InvariantCulture, $"model {m.Model.Label} {m.Brier:0.0000}")))}, market {s.MarketBrier:0.0000} ({s.Run.Forecasts.Count} games)."),
            Calibration(s)),
    ];

    private static byte[] Png(Plot plot) => plot.GetImageBytes(Width, Height, ImageFormat.Png);

    private static byte[] Equity(BacktestSummary s)
    {
        var plot = new Plot();
        var start = (double)s.Run.StartingBalance;
        void Line(string label, IReadOnlyList<ClosedPosition> positions)
        {
            var closed = positions.Where(p => p.ExitTime is not null).ToList();
            var xs = new List<double> { s.Run.Options.Tape.Header.From.UtcDateTime.ToOADate() };
            var ys = new List<double> { start };
            var equity = start;
            foreach (var p in closed)
            {
                equity += (double)p.RealizedPnl;
                xs.Add(p.ExitTime!.Value.UtcDateTime.ToOADate());
                ys.Add(equity);
            }
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
            line.LegendText = label;
        }
        Line("all versions", s.Positions);
        foreach (var r in s.ByStrategy) Line(r.Strategy, s.Positions.Where(p => p.Strategy == r.Strategy).ToList());
        plot.Axes.DateTimeTicksBottom();
        plot.YLabel("balance ($)");
        plot.ShowLegend(Alignment.UpperLeft);
        return Png(plot);
    }

    private static byte[] Drawdown(BacktestSummary s)
    {
        var plot = new Plot();
        var xs = new List<double> { s.Run.Options.Tape.Header.From.UtcDateTime.ToOADate() };
        var ys = new List<double> { 0 };
        decimal equity = 0, peak = 0;
        foreach (var p in s.Positions.Where(p => p.ExitTime is not null))
        {
            equity += p.RealizedPnl;
            peak = Math.Max(peak, equity);
            xs.Add(p.ExitTime!.Value.UtcDateTime.ToOADate());
            ys.Add(-(double)(peak - equity));
        }
        var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
        line.FillY = true;
        line.Color = Colors.FireBrick;
        line.FillYColor = Colors.FireBrick.WithAlpha(0.3);
        plot.Axes.DateTimeTicksBottom();
        plot.YLabel(string.Create(CultureInfo.InvariantCulture, $"below peak ($); max {s.MaxDrawdown:0.00}"));
        return Png(plot);
    }

    private static byte[] Bars(IEnumerable<(string Label, double Value)> rows, string yLabel)
    {
        var plot = new Plot();
        var list = rows.ToList();
        var bars = list.Select((r, i) => new Bar
        {
            Position = i, Value = r.Value, FillColor = r.Value >= 0 ? Colors.SeaGreen : Colors.FireBrick,
            Label = r.Value.ToString("0.00", CultureInfo.InvariantCulture),
        }).ToList();
        var plotted = plot.Add.Bars(bars);
        plotted.ValueLabelStyle.FontSize = 12;
        plot.Axes.Bottom.SetTicks(list.Select((_, i) => (double)i).ToArray(), list.Select(r => r.Label).ToArray());
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        plot.YLabel(yLabel);
        if (list.Count == 0) plot.Title("nothing to show");
        return Png(plot);
    }

    /// <summary>Mean predicted probability and observed frequency per tenth of predicted probability (bins without games are left out).</summary>
    public static IReadOnlyList<(double Predicted, double Observed, int Games)> Bins(IEnumerable<(double Predicted, double Outcome)> forecasts) =>
        forecasts.GroupBy(f => Math.Min(9, (int)Math.Floor(f.Predicted * 10)))
            .OrderBy(g => g.Key)
            .Select(g => (g.Average(f => f.Predicted), g.Average(f => f.Outcome), g.Count()))
            .ToList();

    private static byte[] Calibration(BacktestSummary s)
    {
        var plot = new Plot();
        var perfect = plot.Add.Line(0, 0, 1, 1);
        perfect.Color = Colors.Gray;
        perfect.LinePattern = LinePattern.Dashed;
        perfect.LegendText = "perfectly calibrated";
        void Series(string label, Func<Replay.GameForecast, double> predicted, IReadOnlyList<Replay.GameForecast>? games = null)
        {
            var bins = Bins((games ?? s.Run.Forecasts).Select(f => (predicted(f), f.Outcome)));
            if (bins.Count == 0) return;
            var line = plot.Add.Scatter(bins.Select(b => b.Predicted).ToArray(), bins.Select(b => b.Observed).ToArray());
            line.LegendText = label;
            line.MarkerSize = 8;
        }
        var several = s.Run.OtherModels.Count > 0;
        Series(string.Create(CultureInfo.InvariantCulture, $"model{(several ? $" {s.Run.Options.Model.Label}" : "")} (Brier {s.ModelBrier:0.0000})"), f => f.Model);
        foreach (var (other, score) in s.Run.OtherModels.Zip(s.Models.Skip(1)))
            Series(string.Create(CultureInfo.InvariantCulture, $"model {other.Model.Label} (Brier {score.Brier:0.0000})"), f => f.Model, other.Games);
        Series(string.Create(CultureInfo.InvariantCulture, $"market (Brier {s.MarketBrier:0.0000})"), f => f.Market);
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.XLabel("predicted P(YES)");
        plot.YLabel("share resolved YES");
        plot.ShowLegend(Alignment.UpperLeft);
        return Png(plot);
    }
}
