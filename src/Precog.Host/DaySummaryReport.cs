using System.Diagnostics;
using System.Globalization;
using Precog.Domain.Values;
using Precog.Persistence.Projection;
using Precog.Persistence.ReadModels;
using Serilog;

namespace Precog.Host;

/// <summary>The summary a node prints when its day (or its session) ends, read from the projected tables once the SCD writer has caught up.</summary>
public static class DaySummaryReport
{
    /// <summary>Waits until the node's SCD writer has projected the journal as it stands now (a second writer would only race it).</summary>
    public static async Task ProjectionCaughtUpAsync(NodeSettings node, TimeSpan patience, CancellationToken ct)
    {
        var projection = new ScdWriter(node.Database, node.ScdWriter, TimeProvider.System);
        var end = await projection.JournalEndAsync(ct);
        var waited = Stopwatch.StartNew();
        while (await projection.OffsetAsync(ct) < end)
        {
            if (waited.Elapsed > patience)
            {
                Log.Warning("The SCD writer has not projected the journal up to ordering {End} after {Patience}: the summary below may be short", end, patience);
                return;
            }
            await Task.Delay(100, ct);
        }
    }

    /// <param name="balance">The venue's cash, when it could be read.</param>
    public static void Print(string title, DaySummary s, Money? balance)
    {
        static string N(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            "",
            $"==== {title} ====",
            $"trades                 {s.Trades}",
            $"positions              {string.Join(", ", s.PositionsByStatus.OrderBy(p => p.Key).Select(p => $"{p.Value} {p.Key}"))}",
            "realized P&L by strategy version:",
        };
        lines.AddRange(s.ByStrategy.Select(x => $"  {x.Strategy,-24} {x.Positions,4} positions   {N(x.RealizedPnl),10}"));
        lines.Add("exits by condition:");
        lines.AddRange(s.ExitsByCondition.Select(x => $"  {x.Condition,-24} {x.Exits,4} exits       {x.Contracts,6} contracts"));
        lines.Add($"breaker trips          {(s.BreakerTrips.Count == 0 ? "none" : string.Join(", ", s.BreakerTrips.Select(b => $"{b.Key} {b.Value}")))}");
        lines.Add($"alerts                 {(s.AlertsBySeverity.Count == 0 ? "none" : string.Join(", ", s.AlertsBySeverity.Select(a => $"{a.Value} {a.Key}")))}");
        if (s.OpenBreakers.Count > 0)
            lines.Add($"still open             {string.Join(", ", s.OpenBreakers)}: they block entries of later runs on this database until reset (or start afresh without ./data)");
        lines.Add($"exchange balance       {(balance is { } b ? N(b.Value) : "not read")}");
        Log.Information("{Summary}", string.Join(Environment.NewLine, lines));
    }
}
