namespace Precog.Persistence.Tests.Schema;

/// <summary>A column this schema adds beyond the document's body, and why.</summary>
public sealed record AddedColumn(string Table, DocColumn Column, string Reason);

/// <summary>
/// What the migrations must build: the document's tables and views (<see cref="SchemaDocument"/>), plus the
/// additions of the v1.7 change log that the document's body does not show (DESIGN.md, "Persistence and the
/// schema"), plus the few deliberate departures below, each with its reason.
/// </summary>
public static class ExpectedSchema
{
    public const string ChangeLog = "v1.7 change log (DESIGN.md, Persistence and the schema)";

    /// <summary>The two tables of the document's migration 010, which names them without their columns.</summary>
    public static readonly string[] EloTables = ["teams", "elo_rating_history"];

    /// <summary>The v1.3 helper views the document lists without SQL, and the table each shows the current rows of.</summary>
    public static readonly IReadOnlyDictionary<string, string> ListedViewSources = new Dictionary<string, string>
    {
        ["current_markets"] = "markets",
        ["current_game_states"] = "game_states",
        ["current_edges"] = "edges",
        ["open_positions"] = "positions",
        ["current_balances"] = "account_balance",
    };

    /// <summary>Columns the change log adds, as DESIGN.md lists them (types from the document's conventions).</summary>
    public static IEnumerable<AddedColumn> ChangeLogColumns(SchemaDocument doc)
    {
        foreach (var table in doc.VersionedTables)
            yield return new(table, new("row_end_ts", "TIMESTAMP", false), ChangeLog);
        yield return new("markets", new("id", "SERIAL", true), ChangeLog + ": surrogate key");
        yield return new("markets", new("market_uuid", "UUID", true), ChangeLog + ": a market's identity across its versions");
        foreach (var table in new[] { "edges", "positions", "trades", "settlements" })
            yield return new(table, new("market_uuid", "UUID", true), ChangeLog + ": children reference market_uuid, not market_id");
        foreach (var (name, type) in new[]
                 {
                     ("target_price", "DECIMAL(10,4)"), ("stop_loss_price", "DECIMAL(10,4)"), ("entry_time", "TIMESTAMP"), ("exit_time", "TIMESTAMP"),
                     ("last_check_time", "TIMESTAMP"), ("exit_price", "DECIMAL(10,4)"), ("position_metadata", "JSONB"), ("initial_order_id", "VARCHAR"),
                 })
            yield return new("positions", new(name, type, false), ChangeLog);
        foreach (var (name, type) in new[] { ("order_type", "VARCHAR"), ("execution_time", "TIMESTAMP"), ("trade_metadata", "JSONB") })
            yield return new("trades", new(name, type, false), ChangeLog);
        yield return new("position_exits", new("exit_trade_id", "INT", false), ChangeLog);
        yield return new("exit_attempts", new("order_id", "VARCHAR", false), ChangeLog);
        foreach (var (name, type) in new[] { ("external_settlement_id", "VARCHAR"), ("settlement_timestamp", "TIMESTAMP"), ("api_response", "JSONB") })
            yield return new("settlements", new(name, type, false), ChangeLog);
    }

    /// <summary>Where this schema departs from the document on purpose. Keep this list short; every entry needs its reason.</summary>
    public static readonly AddedColumn[] Departures =
    [
        .. new[] { "positions", "trades", "position_exits", "exit_attempts" }.Select(t => new AddedColumn(t, new("position_uuid", "UUID", t == "positions"),
            "a position's identity across its versions (the PositionActor's id); position_id names one version only, so children reference the uuid as they do market_uuid")),
        .. new[] { "trades", "exit_attempts" }.Select(t => new AddedColumn(t, new("client_order_id", "UUID", false),
            "the idempotency key persisted before an order is sent (DESIGN.md, principle 2); reconciliation finds orders by it")),
        new("trades", new("trade_external_id", "VARCHAR", false), "the venue's fill id (FillRecorded.TradeId), unique, so a replayed fill never becomes a second trade"),
        new("edges", new("side", "VARCHAR", true), "an edge is one version's view of one side of a market (EdgeReading.Side); part of the edge's business key"),
        .. new[] { "strategy_id", "model_id", "method_id" }.Select(c => new AddedColumn("positions", new(c, "INT", false),
            "a position is attributed to the versions that opened it (PositionOpened), as its trades are")),
        new("trade_attribution", new("method_name", "VARCHAR", false), "v1.6 gives trades a method_id: attribution names the method version too"),
        new("trade_attribution", new("method_version", "VARCHAR", false), "as method_name"),
        new("trade_attribution", new("method_config_hash", "VARCHAR", false), "as method_name"),
        .. new[] { "edges", "positions", "trades", "exit_attempts", "position_exits", "settlements", "account_balance" }
            .Select(t => new AddedColumn(t, new("execution_environment", "VARCHAR(10)", true),
                "issue 8 (migration 006): live, paper or backtest, so a backtest's or paper run's rows are never mistaken for live trading")),
    ];

    /// <summary>Every column a documented table must have, exactly: the document's, the change log's and the departures.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<DocColumn>> Tables(SchemaDocument doc)
    {
        var added = ChangeLogColumns(doc).Concat(Departures).ToLookup(a => a.Table, a => a.Column);
        return doc.Tables.ToDictionary(t => t.Key, t => (IReadOnlyList<DocColumn>)[.. t.Value, .. added[t.Key]]);
    }

    /// <summary>The output columns of a view whose select list the document spells out, with the departures.</summary>
    public static IReadOnlyList<string> ViewColumns(SchemaDocument doc, string view) =>
        [.. doc.Views[view] ?? throw new ArgumentException($"{view} is SELECT *"), .. Departures.Where(d => d.Table == view).Select(d => d.Column.Name)];

    /// <summary>Every view: the document's CREATE VIEW blocks and its listed helper views.</summary>
    public static IEnumerable<string> Views(SchemaDocument doc) => doc.Views.Keys.Concat(doc.ListedViews);

    /// <summary>The table a SELECT * view shows, from the document's SQL or, for the listed helper views, from <see cref="ListedViewSources"/>.</summary>
    public static string? SourceOf(SchemaDocument doc, string view) =>
        doc.ViewSources.TryGetValue(view, out var table) ? table : ListedViewSources.GetValueOrDefault(view);
}
