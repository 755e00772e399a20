using System.Globalization;
using Precog.Backtest.Replay;
using Precog.Domain.Experiments;
using Precog.Persistence.Projection;

namespace Precog.Backtest.Reports;

/// <summary>One strategy version's results: positions that traded, wins, money put in, realized P&amp;L, ROI, max drawdown, Sharpe ratio.</summary>
/// <param name="Sharpe">Per-trade Sharpe ratio: the mean of the positions' ROI over its standard deviation (risk-free rate 0, not annualized: a
/// season's trades are not evenly spaced in time); 0 with fewer than two positions or no spread.</param>
public sealed record StrategyResult(string Strategy, int Positions, int Wins, int Losses, decimal Cost, decimal RealizedPnl, decimal Fees, decimal MaxDrawdown, double Sharpe)
{
    public double WinRate => Positions == 0 ? 0 : (double)Wins / Positions;
    public decimal Roi => Cost == 0 ? 0 : decimal.Round(RealizedPnl / Cost, 6);
}

/// <summary>Exits of one condition: how many, contracts, and their P&amp;L before fees (quantity × (exit − entry)).</summary>
public sealed record ExitResult(string Condition, int Exits, long Contracts, decimal GrossPnl);

/// <summary>One closed position, as the report needs it.</summary>
public sealed record ClosedPosition(Guid Position, string Strategy, string Ticker, DateTimeOffset? ExitTime, decimal RealizedPnl, decimal Cost);

/// <summary>A model version's Brier score over the games it priced before kickoff.</summary>
public sealed record ModelScore(BacktestModel Model, int Games, double Brier);

/// <summary>
/// The numbers of a backtest, from the projected tables (the journal's truth) and the venue's balance. Nothing in it
/// depends on the wall clock, so two runs of one tape and seed give the same summary, byte for byte.
/// </summary>
public sealed record BacktestSummary(
    BacktestResult Run, long Trades, IReadOnlyList<StrategyResult> ByStrategy, IReadOnlyList<ExitResult> ByExit, IReadOnlyList<ClosedPosition> Positions,
    decimal MaxDrawdown, double ModelBrier, double MarketBrier, AbVerdict? Ab)
{
    public decimal SumRealizedPnl => ByStrategy.Sum(s => s.RealizedPnl);

    public decimal BalanceChange => Run.FinalBalance - Run.StartingBalance;

    /// <summary>Every model version the run priced with and its Brier score: the run's model first (<see cref="ModelBrier"/>), then the others.</summary>
    public IReadOnlyList<ModelScore> Models =>
        [new(Run.Options.Model, Run.Forecasts.Count, ModelBrier), .. Run.OtherModels.Select(m => new ModelScore(m.Model, m.Games.Count, Brier(m.Games, f => f.Model)))];

    /// <summary>The mean squared difference of the predicted P(YES) and the outcome; 0 over no games.</summary>
    public static double Brier(IReadOnlyCollection<GameForecast> games, Func<GameForecast, double> predicted) =>
        games.Count == 0 ? 0 : games.Average(f => (predicted(f) - f.Outcome) * (predicted(f) - f.Outcome));

    public static async Task<BacktestSummary> ReadAsync(BacktestResult run, CancellationToken ct = default)
    {
        var db = ProjectionDatabase.For(run.Options.Database);
        await using var c = await db.OpenAsync(ct);
        async Task<List<object?[]>> Q(string sql) => await db.QueryAsync(c, null, sql, ct);
        decimal D(object? v) => v is null ? 0m : (decimal)db.FromDb(ColumnKind.Decimal, v)!;
        DateTimeOffset? T(object? v) => v is null ? null : (DateTimeOffset)db.FromDb(ColumnKind.Timestamp, v)!;
        Guid U(object? v) => (Guid)db.FromDb(ColumnKind.Uuid, v!)!;
        static long L(object? v) => Convert.ToInt64(v, CultureInfo.InvariantCulture);

        var trades = L((await Q("SELECT COUNT(*) FROM trades"))[0][0]);
        // money put into each position: its buys at their price, with their fees
        var cost = (await Q("SELECT position_uuid, price, quantity, fees FROM trades WHERE side = 'buy' AND position_uuid IS NOT NULL"))
            .GroupBy(r => U(r[0])).ToDictionary(g => g.Key, g => g.Sum(r => D(r[1]) * L(r[2]) + D(r[3])));
        var fees = (await Q("SELECT position_uuid, fees FROM trades WHERE position_uuid IS NOT NULL"))
            .GroupBy(r => U(r[0])).ToDictionary(g => g.Key, g => g.Sum(r => D(r[1])));
        var positions = (await Q("SELECT p.position_uuid, COALESCE((SELECT s.strategy_name || ' ' || s.strategy_version FROM strategies s WHERE s.strategy_id = p.strategy_id), '?'), " +
                                 "p.market_id, p.exit_time, p.realized_pnl FROM positions p WHERE p.row_current_ind = TRUE"))
            .Select(r => new ClosedPosition(U(r[0]), (string)r[1]!, (string)r[2]!, T(r[3]), D(r[4]), cost.GetValueOrDefault(U(r[0]))))
            .Where(p => p.Cost > 0) // an entry that never filled put nothing in
            .OrderBy(p => p.ExitTime ?? DateTimeOffset.MaxValue).ThenBy(p => p.Position).ToList();

        var labels = run.Options.Strategies.Select(s => s.Label).ToList();
        var byStrategy = labels.Concat(positions.Select(p => p.Strategy).Where(s => !labels.Contains(s)).Distinct().Order(StringComparer.Ordinal))
            .Select(label =>
            {
                var mine = positions.Where(p => p.Strategy == label).ToList();
                return new StrategyResult(label, mine.Count, mine.Count(p => p.RealizedPnl > 0), mine.Count(p => p.RealizedPnl <= 0), mine.Sum(p => p.Cost),
                    mine.Sum(p => p.RealizedPnl), mine.Sum(p => fees.GetValueOrDefault(p.Position)), Drawdown(mine), Sharpe(mine));
            }).ToList();

        var exits = (await Q("SELECT e.exit_condition, e.quantity_exited, e.exit_price, " +
                             "(SELECT p.entry_price FROM positions p WHERE p.position_uuid = e.position_uuid AND p.row_current_ind = TRUE) FROM position_exits e"))
            .GroupBy(r => (string)r[0]!)
            .Select(g => new ExitResult(g.Key, g.Count(), g.Sum(r => L(r[1])), g.Sum(r => L(r[1]) * (D(r[2]) - D(r[3])))))
            .OrderBy(x => x.Condition, StringComparer.Ordinal).ToList();

        var forecasts = run.Forecasts;
        var modelBrier = Brier(forecasts, f => f.Model);
        var marketBrier = Brier(forecasts, f => f.Market);

        var ab = AbVerdictOf(positions, labels);
        return new BacktestSummary(run, trades, byStrategy, exits, positions, Drawdown(positions), modelBrier, marketBrier, ab);
    }

    /// <summary>
    /// The A/B verdict (TRADING_RULES.md §8) of the first two versions: arm A is the first given, B the second; a position
    /// is a trade of its arm, won when its realized P&amp;L (fees included) is positive, with its ROI on the money put in.
    /// Side by side both saw every market; split, each market was drawn for one. Null with fewer than two versions.
    /// </summary>
    public static AbVerdict? AbVerdictOf(IReadOnlyList<ClosedPosition> positions, IReadOnlyList<string> labels)
    {
        if (labels.Count < 2) return null;
        var outcomes = positions.Where(p => p.Strategy == labels[0] || p.Strategy == labels[1])
            .Select(p => new TradeOutcome(p.Strategy == labels[0] ? Arm.A : Arm.B, p.RealizedPnl > 0, p.Cost == 0 ? 0 : p.RealizedPnl / p.Cost)).ToList();
        return AbTest.Evaluate(outcomes, AbTestSettings.Default);
    }

    /// <summary>Mean per-position ROI over its sample standard deviation; 0 when it cannot be told (fewer than two, or all equal).</summary>
    public static double Sharpe(IReadOnlyCollection<ClosedPosition> positions)
    {
        if (positions.Count < 2) return 0;
        var rois = positions.Select(p => p.Cost == 0 ? 0.0 : (double)(p.RealizedPnl / p.Cost)).ToList();
        var mean = rois.Average();
        var sd = Math.Sqrt(rois.Sum(r => (r - mean) * (r - mean)) / (rois.Count - 1));
        return sd == 0 ? 0 : mean / sd;
    }

    /// <summary>The largest fall of cumulative realized P&amp;L from its running peak, positions in the order they closed.</summary>
    public static decimal Drawdown(IEnumerable<ClosedPosition> inOrder)
    {
        decimal equity = 0, peak = 0, worst = 0;
        foreach (var p in inOrder)
        {
            equity += p.RealizedPnl;
            peak = Math.Max(peak, equity);
            worst = Math.Max(worst, peak - equity);
        }
        return worst;
    }
}
