using System.Globalization;
using Precog.Persistence.Projection;

namespace Precog.Persistence.ReadModels;

/// <summary>The day in numbers, from the projected tables: what the node prints when its day ends.</summary>
public sealed record DaySummary(
    long Trades, IReadOnlyDictionary<string, long> PositionsByStatus, IReadOnlyList<(string Strategy, int Positions, decimal RealizedPnl)> ByStrategy,
    IReadOnlyList<(string Condition, long Exits, long Contracts)> ExitsByCondition, IReadOnlyDictionary<string, long> BreakerTrips,
    IReadOnlyDictionary<string, long> AlertsBySeverity, IReadOnlyList<string> OpenBreakers)
{
    public static async Task<DaySummary> ReadAsync(DatabaseTarget target, CancellationToken ct = default)
    {
        var db = ProjectionDatabase.For(target);
        await using var c = await db.OpenAsync(ct);
        async Task<List<object?[]>> Q(string sql) => await db.QueryAsync(c, null, sql, ct);
        static long L(object? v) => Convert.ToInt64(v, CultureInfo.InvariantCulture);

        var trades = L((await Q("SELECT COUNT(*) FROM trades"))[0][0]);
        var byStatus = (await Q("SELECT status, COUNT(*) FROM positions WHERE row_current_ind = TRUE GROUP BY status")).ToDictionary(r => (string)r[0]!, r => L(r[1]));
        var pnl = (await Q("SELECT COALESCE((SELECT s.strategy_name || ' ' || s.strategy_version FROM strategies s WHERE s.strategy_id = p.strategy_id), '?'), p.realized_pnl " +
                           "FROM positions p WHERE p.row_current_ind = TRUE"))
            .GroupBy(r => (string)r[0]!)
            .Select(g => (g.Key, g.Count(), g.Sum(r => r[1] is null ? 0m : (decimal)db.FromDb(ColumnKind.Decimal, r[1]!)!)))
            .OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
        var exits = (await Q("SELECT exit_condition, COUNT(*), SUM(quantity_exited) FROM position_exits GROUP BY exit_condition ORDER BY exit_condition"))
            .Select(r => ((string)r[0]!, L(r[1]), L(r[2]))).ToList();
        var trips = (await Q("SELECT breaker_type, COUNT(*) FROM circuit_breaker_events GROUP BY breaker_type")).ToDictionary(r => (string)r[0]!, r => L(r[1]));
        var alerts = (await Q("SELECT severity, COUNT(*) FROM alerts GROUP BY severity")).ToDictionary(r => (string)r[0]!, r => L(r[1]));
        var open = (await Q($"SELECT breaker_type, {db.JsonText("trigger_value", "scope")} FROM circuit_breaker_events WHERE resolved_at IS NULL ORDER BY event_id"))
            .Select(r => $"{r[0]}/{r[1]}").Distinct().ToList();
        return new DaySummary(trades, byStatus, pnl, exits, trips, alerts, open);
    }
}
