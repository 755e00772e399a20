using System.Globalization;
using Precog.Domain.Values;
using Precog.Persistence.Projection;

namespace Precog.Persistence.ReadModels;

/// <summary>A market's version: identity, state of its book top (bids are the marks), and when the version began and ended.</summary>
public sealed record MarketView(
    Guid MarketUuid, string Platform, string Ticker, string Title, string? Status, decimal? YesBid, decimal? NoBid, decimal? Spread,
    int? Volume, decimal? SettlementValue, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo);

/// <summary>A position's version, with its attribution.</summary>
public sealed record PositionView(
    Guid PositionUuid, string Ticker, string Side, int Quantity, decimal EntryPrice, decimal Fees, string Status, decimal RealizedPnl,
    string? ExitReason, string? Strategy, string? Model, string? Method, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo);

/// <summary>A position marked at the current best bid of its side: unrealized = quantity × (mark − entry).</summary>
public sealed record PositionPnl(PositionView Position, decimal? Mark, decimal? UnrealizedPnl, decimal? UnrealizedPnlPct);

/// <summary>One trade and the exact versions it was made under.</summary>
public sealed record TradeAttribution(
    string TradeExternalId, Guid PositionUuid, string Ticker, string Side, decimal Price, int Quantity, decimal Fees,
    string? Strategy, string? Model, string? Method, DateTimeOffset ExecutedAt);

/// <summary>A game's version.</summary>
public sealed record GameView(
    string Sport, string ExternalGameId, string? HomeTeam, string? AwayTeam, int? HomeScore, int? AwayScore, string? Period,
    string? TimeRemaining, string? Possession, string? Status, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo);

/// <summary>
/// Typed reads of the projected tables on either database: current rows, one entity's history and its
/// version as of a time (the version whose [valid_from, valid_to) holds that time), trade attribution, and
/// positions with P&amp;L.
/// </summary>
public sealed class ProjectionQueries(DatabaseTarget target)
{
    private readonly ProjectionDatabase _db = ProjectionDatabase.For(target);

    private const string MarketColumns = "market_uuid, platform_id, ticker, title, status, yes_price, no_price, spread, volume, settlement_value, created_at, row_end_ts";

    private const string PositionColumns =
        "p.position_uuid, p.market_id, p.side, p.quantity, p.entry_price, p.fees, p.status, p.realized_pnl, p.exit_reason, " +
        "(SELECT s.strategy_name || ' ' || s.strategy_version FROM strategies s WHERE s.strategy_id = p.strategy_id), " +
        "(SELECT m.model_name || ' ' || m.model_version FROM probability_models m WHERE m.model_id = p.model_id), " +
        "(SELECT x.method_name || ' ' || x.method_version FROM methods x WHERE x.method_id = p.method_id), p.created_at, p.row_end_ts";

    private const string GameColumns = "sport, external_game_id, home_team, away_team, home_score, away_score, period, time_remaining, possession, status, created_at, row_end_ts";

    public async Task<IReadOnlyList<MarketView>> CurrentMarketsAsync(bool openOnly = false, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {MarketColumns} FROM current_markets{(openOnly ? " WHERE status = 'open'" : "")} ORDER BY ticker", ct)).Select(Market).ToList();

    public async Task<IReadOnlyList<MarketView>> MarketHistoryAsync(string platform, MarketTicker ticker, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {MarketColumns} FROM markets WHERE market_uuid = @k ORDER BY id", ct,
            new Arg("k", ColumnKind.Uuid, MarketIdentity.Uuid(platform, ticker)))).Select(Market).ToList();

    public async Task<MarketView?> MarketAsOfAsync(string platform, MarketTicker ticker, DateTimeOffset at, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {MarketColumns} FROM markets WHERE market_uuid = @k AND {AsOf("")} ORDER BY id DESC LIMIT 1", ct,
            new Arg("k", ColumnKind.Uuid, MarketIdentity.Uuid(platform, ticker)), new Arg("at", ColumnKind.Timestamp, at))).Select(Market).FirstOrDefault();

    public async Task<IReadOnlyList<PositionView>> PositionHistoryAsync(PositionId position, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {PositionColumns} FROM positions p WHERE p.position_uuid = @k ORDER BY p.position_id", ct,
            new Arg("k", ColumnKind.Uuid, position.Value))).Select(Position).ToList();

    public async Task<PositionView?> PositionAsOfAsync(PositionId position, DateTimeOffset at, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {PositionColumns} FROM positions p WHERE p.position_uuid = @k AND {AsOf("p.")} ORDER BY p.position_id DESC LIMIT 1", ct,
            new Arg("k", ColumnKind.Uuid, position.Value), new Arg("at", ColumnKind.Timestamp, at))).Select(Position).FirstOrDefault();

    public async Task<GameView?> GameAsOfAsync(string sport, string externalGameId, DateTimeOffset at, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {GameColumns} FROM game_states WHERE sport = @s AND external_game_id = @g AND {AsOf("")} ORDER BY game_state_id DESC LIMIT 1", ct,
            new Arg("s", ColumnKind.Text, sport), new Arg("g", ColumnKind.Text, externalGameId), new Arg("at", ColumnKind.Timestamp, at))).Select(Game).FirstOrDefault();

    /// <summary>Current positions (open only, or all) marked at the current best bid of the side each holds.</summary>
    public async Task<IReadOnlyList<PositionPnl>> PositionsWithPnlAsync(bool openOnly = true, CancellationToken ct = default)
    {
        var rows = await QueryAsync(
            $"SELECT {PositionColumns}, CASE WHEN p.side = 'yes' THEN m.yes_price ELSE m.no_price END FROM positions p " +
            $"LEFT JOIN current_markets m ON m.market_uuid = p.market_uuid WHERE p.row_current_ind = @t{(openOnly ? " AND p.status = 'open'" : "")} " +
            "ORDER BY p.entry_time, p.position_id", ct, new Arg("t", ColumnKind.Bool, true));
        return rows.Select(r =>
        {
            var position = Position(r);
            var mark = Dec(r[^1]);
            decimal? pnl = mark is { } m ? position.Quantity * (m - position.EntryPrice) : null;
            decimal? pct = mark is { } k && position.EntryPrice != 0 ? decimal.Round((k - position.EntryPrice) / position.EntryPrice, 4) : null;
            return new PositionPnl(position, mark, pnl, pct);
        }).ToList();
    }

    /// <summary>Every trade, newest first, with the strategy, model and method versions of its position.</summary>
    public async Task<IReadOnlyList<TradeAttribution>> TradeAttributionAsync(CancellationToken ct = default)
    {
        var rows = await QueryAsync(
            "SELECT t.trade_external_id, t.position_uuid, t.market_id, t.side, t.price, t.quantity, t.fees, " +
            "(SELECT s.strategy_name || ' ' || s.strategy_version FROM strategies s WHERE s.strategy_id = t.strategy_id), " +
            "(SELECT m.model_name || ' ' || m.model_version FROM probability_models m WHERE m.model_id = t.model_id), " +
            "(SELECT x.method_name || ' ' || x.method_version FROM methods x WHERE x.method_id = t.method_id), t.execution_time " +
            "FROM trades t ORDER BY t.execution_time DESC, t.trade_id DESC", ct);
        return rows.Select(r => new TradeAttribution((string)r[0]!, Uuid(r[1]), (string)r[2]!, (string)r[3]!, Dec(r[4])!.Value, Int(r[5])!.Value,
            Dec(r[6]) ?? 0m, r[7] as string, r[8] as string, r[9] as string, Ts(r[10])!.Value)).ToList();
    }

    private static string AsOf(string alias) => $"{alias}created_at <= @at AND ({alias}row_end_ts IS NULL OR {alias}row_end_ts > @at)";

    private async Task<List<object?[]>> QueryAsync(string sql, CancellationToken ct, params Arg[] args)
    {
        await using var c = await _db.OpenAsync(ct);
        return await _db.QueryAsync(c, null, sql, ct, args);
    }

    private MarketView Market(object?[] r) => new(Uuid(r[0]), (string)r[1]!, (string)r[2]!, (string)r[3]!, r[4] as string, Dec(r[5]), Dec(r[6]), Dec(r[7]),
        Int(r[8]), Dec(r[9]), Ts(r[10])!.Value, Ts(r[11]));

    private PositionView Position(object?[] r) => new(Uuid(r[0]), (string)r[1]!, (string)r[2]!, Int(r[3])!.Value, Dec(r[4])!.Value, Dec(r[5]) ?? 0m,
        (string)r[6]!, Dec(r[7]) ?? 0m, r[8] as string, r[9] as string, r[10] as string, r[11] as string, Ts(r[12])!.Value, Ts(r[13]));

    private GameView Game(object?[] r) => new((string)r[0]!, (string)r[1]!, r[2] as string, r[3] as string, Int(r[4]), Int(r[5]), r[6] as string,
        r[7] as string, r[8] as string, r[9] as string, Ts(r[10])!.Value, Ts(r[11]));

    private Guid Uuid(object? v) => (Guid)_db.FromDb(ColumnKind.Uuid, v!)!;
    private decimal? Dec(object? v) => v is null ? null : (decimal)_db.FromDb(ColumnKind.Decimal, v)!;
    private int? Int(object? v) => v is null ? null : Convert.ToInt32(v, CultureInfo.InvariantCulture);
    private DateTimeOffset? Ts(object? v) => v is null ? null : (DateTimeOffset)_db.FromDb(ColumnKind.Timestamp, v)!;
}
