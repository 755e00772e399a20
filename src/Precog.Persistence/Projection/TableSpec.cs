namespace Precog.Persistence.Projection;

/// <summary>How a column's value is held in memory and written to each database.</summary>
public enum ColumnKind { Text, Json, Uuid, Decimal, Int, BigInt, Bool, Timestamp }

public sealed record Column(string Name, ColumnKind Kind);

/// <summary>
/// The columns of one table that the SCD writer reads and writes (the others keep their defaults), in a
/// fixed order shared by the in-memory rows, the COPY and INSERT statements, and the row loader.
/// </summary>
public sealed class TableSpec
{
    private readonly Dictionary<string, int> _index;

    public TableSpec(string name, string primaryKey, string? businessKey, params Column[] columns)
    {
        Name = name;
        PrimaryKey = primaryKey;
        BusinessKey = businessKey;
        Columns = columns;
        _index = columns.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        if (businessKey is not null && !_index.ContainsKey(businessKey))
            throw new ArgumentException($"{name}: business key {businessKey} is not one of its columns");
    }

    public string Name { get; }

    /// <summary>The surrogate key the database generates; never written by the projection.</summary>
    public string PrimaryKey { get; }

    /// <summary>For a versioned table, the column current rows are looked up by (its leading business-key column).</summary>
    public string? BusinessKey { get; }

    public IReadOnlyList<Column> Columns { get; }

    public bool IsVersioned => _index.ContainsKey("row_current_ind");

    public bool Has(string column) => _index.ContainsKey(column);

    public int IndexOf(string column) =>
        _index.TryGetValue(column, out var i) ? i : throw new ArgumentException($"{Name} has no projected column {column}");

    public ProjectedRow NewRow() => new(this, new object?[Columns.Count]);
}

/// <summary>One row of a projected table: values in the order of its <see cref="TableSpec"/>.</summary>
public sealed class ProjectedRow(TableSpec table, object?[] values)
{
    public TableSpec Table { get; } = table;

    /// <summary>The database's surrogate key when the row was loaded from it; null for a row made in this batch.</summary>
    public long? Id { get; init; }

    public object?[] Values { get; } = values;

    public object? this[string column]
    {
        get => Values[Table.IndexOf(column)];
        set => Values[Table.IndexOf(column)] = value;
    }

    public T Get<T>(string column) => (T)this[column]!;

    /// <summary>A new version carrying every value of this one (not its id: the database gives the new row its own).</summary>
    public ProjectedRow Copy() => new(Table, (object?[])Values.Clone());
}

/// <summary>The tables the SCD writer projects the journal into, and the columns it owns in each.</summary>
public static class Tables
{
    private static Column Text(string n) => new(n, ColumnKind.Text);
    private static Column Json(string n) => new(n, ColumnKind.Json);
    private static Column Uuid(string n) => new(n, ColumnKind.Uuid);
    private static Column Dec(string n) => new(n, ColumnKind.Decimal);
    private static Column Int(string n) => new(n, ColumnKind.Int);
    private static Column Big(string n) => new(n, ColumnKind.BigInt);
    private static Column Bool(string n) => new(n, ColumnKind.Bool);
    private static Column Ts(string n) => new(n, ColumnKind.Timestamp);

    private static readonly Column[] Versioning = [Ts("created_at"), Bool("row_current_ind"), Ts("row_end_ts")];

    /// <summary>Where a trading row was traded: live, paper or backtest (migration 006; the writer's setting).</summary>
    public const string ExecutionEnvironment = "execution_environment";

    private static readonly Column Environment = Text(ExecutionEnvironment);

    public static readonly TableSpec Series = new("series", "series_id", null,
        Text("series_id"), Text("platform_id"), Text("external_id"), Text("category"), Text("title"), Ts("created_at"), Ts("updated_at"));

    public static readonly TableSpec Events = new("events", "event_id", null,
        Text("event_id"), Text("platform_id"), Text("series_id"), Text("external_id"), Text("category"), Text("title"), Ts("created_at"), Ts("updated_at"));

    public static readonly TableSpec Markets = new("markets", "id", "market_uuid",
        [Uuid("market_uuid"), Text("market_id"), Text("platform_id"), Text("event_id"), Text("external_id"), Text("ticker"), Text("title"),
         Text("market_type"), Dec("yes_price"), Dec("no_price"), Int("volume"), Int("open_interest"), Dec("spread"), Text("status"),
         Dec("settlement_value"), Json("metadata"), Ts("updated_at"), .. Versioning]);

    public static readonly TableSpec GameStates = new("game_states", "game_state_id", "external_game_id",
        [Text("external_game_id"), Text("sport"), Text("home_team"), Text("away_team"), Int("home_score"), Int("away_score"), Text("period"),
         Text("time_remaining"), Text("possession"), Text("status"), Json("sport_metadata"), Ts("updated_at"), .. Versioning]);

    public static readonly TableSpec Edges = new("edges", "edge_id", "market_uuid",
        [Uuid("market_uuid"), Text("market_id"), Text("side"), Big("strategy_id"), Big("model_id"), Big("method_id"), Dec("expected_value"),
         Dec("true_win_probability"), Dec("market_implied_probability"), Dec("market_price"), Text("confidence_level"), Environment, .. Versioning]);

    public static readonly TableSpec Positions = new("positions", "position_id", "position_uuid",
        [Uuid("position_uuid"), Uuid("market_uuid"), Text("market_id"), Text("platform_id"), Big("strategy_id"), Big("model_id"), Big("method_id"),
         Text("side"), Dec("entry_price"), Int("quantity"), Dec("fees"), Text("status"), Dec("realized_pnl"), Json("trailing_stop_state"),
         Text("exit_reason"), Text("exit_priority"), Ts("entry_time"), Ts("exit_time"), Ts("last_check_time"), Dec("exit_price"),
         Json("position_metadata"), Text("initial_order_id"), Ts("last_update"), Ts("updated_at"), Environment, .. Versioning]);

    public static readonly TableSpec AccountBalance = new("account_balance", "balance_id", "platform_id",
        [Text("platform_id"), Dec("balance"), Text("currency"), Environment, .. Versioning]);

    public static readonly TableSpec Trades = new("trades", "trade_id", null,
        Text("trade_external_id"), Uuid("market_uuid"), Text("market_id"), Text("platform_id"), Uuid("position_uuid"), Big("strategy_id"),
        Big("model_id"), Big("method_id"), Text("order_id"), Uuid("client_order_id"), Text("side"), Dec("price"), Int("quantity"), Dec("fees"),
        Text("confidence_at_execution"), Text("order_type"), Ts("execution_time"), Json("trade_metadata"), Ts("created_at"), Environment);

    public static readonly TableSpec ExitAttempts = new("exit_attempts", "attempt_id", null,
        Uuid("position_uuid"), Text("exit_condition"), Text("priority_level"), Text("order_type"), Dec("limit_price"), Dec("fill_price"),
        Int("quantity"), Int("attempt_number"), Int("timeout_seconds"), Bool("success"), Text("order_id"), Uuid("client_order_id"), Ts("created_at"), Environment);

    public static readonly TableSpec PositionExits = new("position_exits", "exit_id", null,
        Uuid("position_uuid"), Text("exit_condition"), Text("exit_priority"), Int("quantity_exited"), Dec("exit_price"),
        Dec("unrealized_pnl_at_exit"), Big("exit_trade_id"), Ts("created_at"), Environment);

    public static readonly TableSpec Settlements = new("settlements", "settlement_id", null,
        Uuid("market_uuid"), Text("market_id"), Text("platform_id"), Text("outcome"), Dec("payout"), Ts("settlement_timestamp"), Ts("created_at"), Environment);

    public static readonly TableSpec BreakerEvents = new("circuit_breaker_events", "event_id", null,
        Text("breaker_type"), Ts("triggered_at"), Ts("resolved_at"), Json("trigger_value"), Text("resolution_action"), Text("notes"));

    public static readonly TableSpec Alerts = new("alerts", "alert_id", null,
        Uuid("alert_uuid"), Text("alert_type"), Text("severity"), Text("component"), Text("message"), Text("fingerprint"), Bool("suppressed"),
        Ts("triggered_at"), Ts("acknowledged_at"), Text("acknowledged_by"), Ts("resolved_at"), Text("resolved_by"), Text("resolution_action"));

    public static readonly TableSpec Strategies = new("strategies", "strategy_id", null,
        Text("strategy_name"), Text("strategy_version"), Text("strategy_type"), Json("config"), Text("status"), Ts("created_at"));

    public static readonly TableSpec Models = new("probability_models", "model_id", null,
        Text("model_name"), Text("model_version"), Text("model_type"), Json("config"), Text("status"), Ts("created_at"));

    public static readonly TableSpec Methods = new("methods", "method_id", null,
        Text("method_name"), Text("method_version"), Big("strategy_id"), Big("model_id"), Json("position_mgmt_config"), Json("risk_config"),
        Json("execution_config"), Json("sport_config"), Text("config_hash"), Text("status"), Ts("activated_at"), Ts("deactivated_at"), Ts("created_at"));

    /// <summary>Every table the projection writes, parents before children (the order of inserts, and the reverse of a rebuild's deletes).</summary>
    public static readonly IReadOnlyList<TableSpec> All =
    [
        Series, Events, Strategies, Models, Methods, Markets, GameStates, Edges, Positions, AccountBalance, Trades, ExitAttempts, PositionExits,
        Settlements, BreakerEvents, Alerts,
    ];

    public static IEnumerable<TableSpec> Versioned => All.Where(t => t.IsVersioned);
}
