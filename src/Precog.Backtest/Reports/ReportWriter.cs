using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Precog.Backtest.Reports;

/// <summary>
/// Writes a backtest's <c>summary.json</c> (only numbers that follow from the tape and the seed: two runs give the
/// same bytes) and <c>report.html</c> (one self-contained file: the same numbers as tables, plus the run's speed).
/// </summary>
public static class ReportWriter
{
    public static void Write(BacktestSummary s, string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "summary.json"), Json(s));
        File.WriteAllText(Path.Combine(directory, "report.html"), Html(s), new UTF8Encoding(false));
    }

    public static byte[] Json(BacktestSummary s)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var run = s.Run;
            var h = run.Options.Tape.Header;
            w.WriteStartObject();
            w.WriteStartObject("tape");
            w.WriteString("source", h.Source);
            w.WriteString("from", Time(h.From));
            w.WriteString("to", Time(h.To));
            w.WriteNumber("events", run.Options.Tape.Events.Count);
            if (h.Note is { } note) w.WriteString("note", note);
            w.WriteEndObject();
            w.WriteNumber("seed", run.Options.Seed);
            w.WriteStartArray("strategies");
            foreach (var st in run.Options.Strategies) w.WriteStringValue($"{st.Label} min_edge={st.MinEdge.ToString(CultureInfo.InvariantCulture)}");
            w.WriteEndArray();
            w.WriteStartObject("balance");
            w.WriteNumber("starting", run.StartingBalance);
            w.WriteNumber("final", run.FinalBalance);
            w.WriteNumber("change", s.BalanceChange);
            w.WriteNumber("sum_of_realized_pnl", s.SumRealizedPnl);
            w.WriteBoolean("identity_holds", s.SumRealizedPnl == s.BalanceChange);
            w.WriteEndObject();
            w.WriteNumber("trades", s.Trades);
            w.WriteNumber("positions", s.Positions.Count);
            w.WriteNumber("max_drawdown", s.MaxDrawdown);
            w.WriteStartArray("by_strategy");
            foreach (var r in s.ByStrategy)
            {
                w.WriteStartObject();
                w.WriteString("strategy", r.Strategy);
                w.WriteNumber("positions", r.Positions);
                w.WriteNumber("wins", r.Wins);
                w.WriteNumber("losses", r.Losses);
                w.WriteNumber("win_rate", Math.Round(r.WinRate, 6));
                w.WriteNumber("cost", r.Cost);
                w.WriteNumber("fees", r.Fees);
                w.WriteNumber("realized_pnl", r.RealizedPnl);
                w.WriteNumber("roi", r.Roi);
                w.WriteNumber("max_drawdown", r.MaxDrawdown);
                w.WriteNumber("sharpe_per_trade", Math.Round(r.Sharpe, 6));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("by_exit_condition");
            foreach (var x in s.ByExit)
            {
                w.WriteStartObject();
                w.WriteString("condition", x.Condition);
                w.WriteNumber("exits", x.Exits);
                w.WriteNumber("contracts", x.Contracts);
                w.WriteNumber("gross_pnl", x.GrossPnl);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("model");
            w.WriteString("version", run.Options.Model.Label);
            w.WriteNumber("games", run.Forecasts.Count);
            w.WriteNumber("brier", Math.Round(s.ModelBrier, 6));
            w.WriteNumber("market_brier", Math.Round(s.MarketBrier, 6));
            w.WriteEndObject();
            if (s.Models.Count > 1)
            {
                // every model version the strategies priced with, the run's first (two versions of one model in one run)
                w.WriteStartArray("models");
                foreach (var m in s.Models)
                {
                    w.WriteStartObject();
                    w.WriteString("version", m.Model.Label);
                    w.WriteNumber("home_field_advantage", m.Model.Elo.HomeFieldAdvantage);
                    w.WriteNumber("games", m.Games);
                    w.WriteNumber("brier", Math.Round(m.Brier, 6));
                    w.WriteStartArray("strategies");
                    foreach (var label in run.Options.Strategies.Where(st => st.Model == m.Model.Label).Select(st => st.Label)) w.WriteStringValue(label);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            if (s.Ab is { } ab)
            {
                w.WriteStartObject("ab_test");
                w.WriteString("mode", run.Options.Ab == Replay.AbMode.Split ? "split" : "side_by_side");
                if (run.Options.Split is { } split) w.WriteString("split", $"each market to A or B by a seeded draw (seed {split.Seed}, share of A {split.ShareOfA.ToString(CultureInfo.InvariantCulture)})");
                w.WriteString("a", run.Options.Strategies[0].Label);
                w.WriteString("b", run.Options.Strategies[1].Label);
                w.WriteNumber("trades_a", ab.TradesA);
                w.WriteNumber("trades_b", ab.TradesB);
                if (ab.ChiSquare is { } chi)
                {
                    w.WriteNumber("chi_square", Math.Round(chi.Statistic, 6));
                    w.WriteNumber("chi_square_p", Math.Round(chi.PValue, 6));
                }
                if (ab.Welch is { } welch)
                {
                    w.WriteNumber("welch_t", Math.Round(welch.T, 6));
                    w.WriteNumber("welch_p", Math.Round(welch.PValue, 6));
                }
                w.WriteString("winner", ab.Winner?.ToString() ?? "none");
                w.WriteString("verdict", ab.Reason);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    public static string Html(BacktestSummary s)
    {
        var run = s.Run;
        var h = run.Options.Tape.Header;
        var b = new StringBuilder();
        static string E(string text) => WebUtility.HtmlEncode(text);
        static string M(decimal d) => d.ToString("#,0.00", CultureInfo.InvariantCulture);
        static string P(double d) => d.ToString("0.0%", CultureInfo.InvariantCulture);
        void Table(string title, string[] head, IEnumerable<string[]> rows)
        {
            b.Append("<h2>").Append(E(title)).Append("</h2><table><tr>");
            foreach (var c in head) b.Append("<th>").Append(E(c)).Append("</th>");
            b.Append("</tr>");
            foreach (var r in rows)
            {
                b.Append("<tr>");
                foreach (var c in r) b.Append("<td>").Append(E(c)).Append("</td>");
                b.Append("</tr>");
            }
            b.Append("</table>");
        }

        b.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Precog backtest</title><style>")
            .Append("body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin-bottom:1.5em}")
            .Append("td,th{border:1px solid #bbb;padding:.3em .7em;text-align:right}th{background:#eee}td:first-child{text-align:left}.note{background:#fff6d6;padding:.7em}")
            .Append("</style></head><body><h1>Precog backtest</h1>");
        b.Append("<p><b>Tape</b>: ").Append(E(h.Source)).Append(", ").Append(E(Time(h.From))).Append(" to ").Append(E(Time(h.To)))
            .Append(", ").Append(run.Options.Tape.Events.Count).Append(" events; seed ").Append(run.Options.Seed).Append(".</p>");
        if (h.Note is { } note) b.Append("<p class=\"note\">").Append(E(note)).Append("</p>");
        b.Append("<p><b>Run</b>: ").Append(run.Events).Append(" tape events and ").Append(run.Steps).Append(" steps of the virtual clock in ")
            .Append(run.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s (")
            .Append((run.Events / Math.Max(run.Elapsed.TotalSeconds, 0.001)).ToString("0", CultureInfo.InvariantCulture)).Append(" events/s).</p>");
        Table("Balance", ["", "dollars"],
        [
            ["starting", M(run.StartingBalance)], ["final", M(run.FinalBalance)], ["change", M(s.BalanceChange)],
            ["sum of realized P&L", M(s.SumRealizedPnl)], ["max drawdown (realized, all versions)", M(s.MaxDrawdown)],
        ]);
        Table("By strategy version", ["strategy", "positions", "wins", "win rate", "money in", "fees", "realized P&L", "ROI", "max drawdown", "Sharpe (per trade)"],
            s.ByStrategy.Select(r => new[]
            {
                r.Strategy, r.Positions.ToString(CultureInfo.InvariantCulture), r.Wins.ToString(CultureInfo.InvariantCulture), P(r.WinRate), M(r.Cost), M(r.Fees),
                M(r.RealizedPnl), P((double)r.Roi), M(r.MaxDrawdown), r.Sharpe.ToString("0.000", CultureInfo.InvariantCulture),
            }));
        Table("Exits by condition", ["condition", "exits", "contracts", "P&L before fees"],
            s.ByExit.Select(x => new[] { x.Condition, x.Exits.ToString(CultureInfo.InvariantCulture), x.Contracts.ToString(CultureInfo.InvariantCulture), M(x.GrossPnl) }));
        Table(s.Models.Count > 1 ? "Models" : "Model", ["", "games", "Brier score"],
        [
            .. s.Models.Select(m => new[]
            {
                $"model {m.Model.Label} (pre-game Elo, home advantage {m.Model.Elo.HomeFieldAdvantage.ToString(CultureInfo.InvariantCulture)}; priced "
                    + $"{string.Join(", ", run.Options.Strategies.Where(st => st.Model == m.Model.Label).Select(st => st.Label).DefaultIfEmpty("no strategy"))})",
                m.Games.ToString(CultureInfo.InvariantCulture), m.Brier.ToString("0.0000", CultureInfo.InvariantCulture),
            }),
            ["market (first quote's mid)", run.Forecasts.Count.ToString(CultureInfo.InvariantCulture), s.MarketBrier.ToString("0.0000", CultureInfo.InvariantCulture)],
        ]);
        if (s.Ab is { } ab)
            Table(run.Options.Split is { } split
                    ? $"A/B (split: each market went to one version by a seeded draw, seed {split.Seed})"
                    : "A/B (side by side: each version saw every opportunity)", ["A", "B", "trades A", "trades B", "chi-square p", "Welch p", "verdict"],
            [[
                run.Options.Strategies[0].Label, run.Options.Strategies[1].Label, ab.TradesA.ToString(CultureInfo.InvariantCulture), ab.TradesB.ToString(CultureInfo.InvariantCulture),
                ab.ChiSquare?.PValue.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-", ab.Welch?.PValue.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-", ab.Reason,
            ]]);
        foreach (var chart in ReportCharts.Draw(s))
            b.Append("<figure id=\"chart-").Append(chart.Id).Append("\"><h2>").Append(E(chart.Title)).Append("</h2><img alt=\"").Append(E(chart.Title))
                .Append("\" width=\"").Append(ReportCharts.Width).Append("\" height=\"").Append(ReportCharts.Height).Append("\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(chart.Png)).Append("\"><figcaption>").Append(E(chart.Caption)).Append("</figcaption></figure>");
        b.Append("<p>Charts drawn by ScottPlot.</p></body></html>");
        return b.ToString();
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
