using System.Data.Common;
using Precog.Persistence.Schema;

namespace Precog.Persistence.Tests.Schema;

/// <summary>
/// The database itself refuses what the document forbids: prices and probabilities outside [0, 1], negative
/// quantities and balances, unknown statuses, malformed JSON, a second current row of a versioned entity.
/// Rows are written as SQL literals, which both databases read into every column type alike.
/// </summary>
public abstract class ConstraintContract : IAsyncLifetime
{
    protected const string ClosedAt = "2025-10-24T18:30:00.000Z";

    private static readonly string MarketUuid = SqliteText.Uuid(Guid.NewGuid());

    private DbConnection? _connection;

    protected abstract SchemaDatabase Database { get; }

    protected DbConnection Connection => _connection!;

    public async Task InitializeAsync()
    {
        var target = await Database.CreateEmptyAsync();
        await MigrationRunner.MigrateAsync(target, teamsCsv: null);
        _connection = Database.Open(target);
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>A row of <paramref name="table"/> that the schema accepts; <paramref name="key"/> is its business key (see <see cref="Keys"/>).</summary>
    protected static Dictionary<string, string?> Row(string table, string key) => table switch
    {
        "markets" => new()
        {
            ["market_uuid"] = key, ["market_id"] = "KXNFLGAME-25OCT26KCLV-KC", ["platform_id"] = "kalshi", ["external_id"] = "KXNFLGAME-25OCT26KCLV-KC",
            ["ticker"] = "KXNFLGAME-25OCT26KCLV-KC", ["title"] = "Kansas City at Las Vegas", ["yes_price"] = "0.5500", ["no_price"] = "0.4500", ["volume"] = "1200",
            ["status"] = "open", ["metadata"] = """{"league": "nfl"}""",
        },
        "game_states" => new()
        {
            ["sport"] = "nfl", ["external_game_id"] = key, ["home_team"] = "LV", ["away_team"] = "KC", ["home_score"] = "7", ["away_score"] = "10",
            ["period"] = "Q3", ["status"] = "live",
        },
        "edges" => new()
        {
            ["market_uuid"] = MarketUuid, ["side"] = key, ["expected_value"] = "0.0500", ["true_win_probability"] = "0.6000",
            ["market_implied_probability"] = "0.5500", ["market_price"] = "0.5500", ["confidence_level"] = "high",
        },
        "positions" => new()
        {
            ["position_uuid"] = key, ["market_uuid"] = MarketUuid, ["platform_id"] = "kalshi", ["side"] = "yes", ["entry_price"] = "0.5500",
            ["quantity"] = "10", ["status"] = "open",
        },
        "account_balance" => new() { ["platform_id"] = key, ["balance"] = "1000.0000" },
        "trades" => new() { ["market_uuid"] = MarketUuid, ["side"] = "buy", ["price"] = "0.5500", ["quantity"] = "10" },
        _ => throw new ArgumentException($"no sample row for {table}"),
    };

    /// <summary>The column that tells business keys apart in <see cref="Row"/>, and two distinct keys.</summary>
    protected static (string Column, string A, string B) Keys(string table) => table switch
    {
        "game_states" => ("external_game_id", "401772510", "401772511"),
        "edges" => ("side", "yes", "no"),
        "account_balance" => ("platform_id", "kalshi", "polymarket"),
        "markets" => ("market_uuid", SqliteText.Uuid(Guid.NewGuid()), SqliteText.Uuid(Guid.NewGuid())),
        _ => ("position_uuid", SqliteText.Uuid(Guid.NewGuid()), SqliteText.Uuid(Guid.NewGuid())),
    };

    protected void Insert(string table, IReadOnlyDictionary<string, string?> row) =>
        SchemaDatabase.Execute(Connection, $"INSERT INTO {table} ({string.Join(", ", row.Keys)}) VALUES ({string.Join(", ", row.Values.Select(Literal))})");

    /// <summary>Why the database refused the row; fails the test when it was accepted.</summary>
    protected Refusal Refused(string table, IReadOnlyDictionary<string, string?> row)
    {
        try
        {
            Insert(table, row);
        }
        catch (DbException e)
        {
            return Database.Classify(e);
        }
        Assert.Fail($"{table} accepted {string.Join(", ", row.Select(kv => $"{kv.Key}={kv.Value ?? "NULL"}"))}");
        return Refusal.Other;
    }

    protected static Dictionary<string, string?> With(Dictionary<string, string?> row, params (string Column, string? Value)[] changes)
    {
        foreach (var (column, value) in changes) row[column] = value;
        return row;
    }

    private static string Literal(string? value) => value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static TheoryData<string, string, string> OutOfRange => new()
    {
        { "markets", "yes_price", "1.5000" },
        { "markets", "yes_price", "-0.1000" },
        { "markets", "no_price", "1.0001" },
        { "trades", "price", "1.5000" },
        { "trades", "price", "-0.1000" },
        { "positions", "entry_price", "1.5000" },
        { "positions", "entry_price", "-0.1000" },
        { "edges", "true_win_probability", "1.5000" },
        { "edges", "market_price", "-0.1000" },
        { "trades", "quantity", "-1" },
        { "positions", "quantity", "-1" },
        { "markets", "volume", "-1" },
        { "account_balance", "balance", "-0.0100" },
        { "markets", "status", "halted" },
        { "positions", "status", "pending" },
        { "game_states", "status", "postponed" },
        { "trades", "side", "short" },
        { "edges", "confidence_level", "certain" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void A_value_the_document_forbids_is_refused_by_a_check_constraint(string table, string column, string value)
    {
        var (_, a, b) = Keys(table);
        Insert(table, Row(table, a)); // the sample row itself is fine

        Assert.Equal(Refusal.Check, Refused(table, With(Row(table, b), (column, value))));
    }

    [Fact]
    public void A_text_primary_key_is_never_null()
    {
        var platform = new Dictionary<string, string?> { ["platform_id"] = null, ["platform_type"] = "trading", ["display_name"] = "Nameless" };

        Assert.Equal(Refusal.NotNull, Refused("platforms", platform));
    }

    [Fact]
    public void Malformed_json_is_refused()
    {
        var refusal = Refused("markets", With(Row("markets", Keys("markets").A), ("metadata", """{"league": """)));

        Assert.Contains(refusal, new[] { Refusal.Check, Refusal.InvalidValue });
    }

    [Theory]
    [InlineData("markets", "yes_price", "0.1234")]
    [InlineData("markets", "yes_price", "0.0001")]
    [InlineData("markets", "yes_price", "1.0000")]
    [InlineData("account_balance", "balance", "999999.9999")]
    [InlineData("account_balance", "balance", "0.0000")]
    public void A_decimal_reads_back_exactly_as_written(string table, string column, string value)
    {
        Insert(table, With(Row(table, Keys(table).A), (column, value)));

        Assert.Equal(value, SchemaDatabase.Scalar(Connection, $"SELECT {column} FROM {table}"));
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = $"SELECT {column} FROM {table}";
        using var reader = cmd.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), reader.GetDecimal(0));
    }

    public static TheoryData<string, string> Versioned => new()
    {
        { "markets", "current_markets" },
        { "game_states", "current_game_states" },
        { "edges", "current_edges" },
        { "positions", "open_positions" },
        { "account_balance", "current_balances" },
    };

    [Theory]
    [MemberData(nameof(Versioned))]
    public void A_business_key_has_at_most_one_current_row_and_any_number_of_closed_ones(string table, string currentView)
    {
        var (key, a, b) = Keys(table);
        Insert(table, Row(table, a));

        Assert.Equal(Refusal.Unique, Refused(table, Row(table, a)));
        Insert(table, With(Row(table, a), ("row_current_ind", "0"), ("row_end_ts", ClosedAt)));
        Insert(table, With(Row(table, a), ("row_current_ind", "0"), ("row_end_ts", ClosedAt)));
        Assert.Equal(Refusal.Check, Refused(table, With(Row(table, a), ("row_current_ind", "0"))));   // closed, but since when?
        Assert.Equal(Refusal.Check, Refused(table, With(Row(table, b), ("row_end_ts", ClosedAt)))); // current, yet ended
        Insert(table, Row(table, b));

        Assert.Equal("3", SchemaDatabase.Scalar(Connection, $"SELECT COUNT(*) FROM {table} WHERE {key} = '{a}'"));
        Assert.Equal("1", SchemaDatabase.Scalar(Connection, $"SELECT COUNT(*) FROM {currentView} WHERE {key} = '{a}'"));
    }

    [Fact]
    public void Edges_of_different_strategy_versions_on_one_side_are_different_keys()
    {
        Insert("strategies", new Dictionary<string, string?>
        {
            ["strategy_name"] = "halftime_entry", ["strategy_version"] = "v1.0", ["strategy_type"] = "entry", ["config"] = """{"min_lead": 7}""", ["status"] = "active",
        });
        var strategy = SchemaDatabase.Scalar(Connection, "SELECT strategy_id FROM strategies");
        Insert("edges", Row("edges", "yes"));

        Insert("edges", With(Row("edges", "yes"), ("strategy_id", strategy)));

        Assert.Equal(Refusal.Unique, Refused("edges", With(Row("edges", "yes"), ("strategy_id", strategy))));
        Assert.Equal("2", SchemaDatabase.Scalar(Connection, "SELECT COUNT(*) FROM current_edges"));
    }

    [Fact]
    public void The_helper_views_show_open_positions_active_versions_and_each_trade_once_with_its_current_market()
    {
        var (_, open, closed) = Keys("positions");
        Insert("positions", Row("positions", open));
        Insert("positions", With(Row("positions", closed), ("status", "closed")));
        Insert("markets", With(Row("markets", MarketUuid), ("ticker", "KX-OLD"), ("row_current_ind", "0"), ("row_end_ts", ClosedAt)));
        Insert("markets", With(Row("markets", MarketUuid), ("ticker", "KX-NEW")));
        foreach (var (version, status) in new[] { ("v1.0", "active"), ("v1.1", "draft") })
        {
            Insert("strategies", new Dictionary<string, string?>
            {
                ["strategy_name"] = "halftime_entry", ["strategy_version"] = version, ["strategy_type"] = "entry", ["config"] = "{}", ["status"] = status,
            });
            Insert("probability_models", new Dictionary<string, string?>
            {
                ["model_name"] = "elo_nfl", ["model_version"] = version, ["model_type"] = "elo", ["config"] = "{}", ["status"] = status,
            });
        }
        var strategy = SchemaDatabase.Scalar(Connection, "SELECT strategy_id FROM strategies WHERE status = 'active'");
        Insert("trades", With(Row("trades", ""), ("strategy_id", strategy)));

        Assert.Equal([open], SchemaDatabase.Rows(Connection, "SELECT position_uuid FROM open_positions").Select(r => r[0]));
        Assert.Equal(["v1.0"], SchemaDatabase.Rows(Connection, "SELECT strategy_version FROM active_strategies").Select(r => r[0]));
        Assert.Equal(["v1.0"], SchemaDatabase.Rows(Connection, "SELECT model_version FROM active_models").Select(r => r[0]));
        Assert.Equal(["KX-NEW"], SchemaDatabase.Rows(Connection, "SELECT ticker FROM current_markets").Select(r => r[0]));
        var attribution = Assert.Single(SchemaDatabase.Rows(Connection, "SELECT market_ticker, strategy_name, strategy_version, price FROM trade_attribution"));
        Assert.Equal(new string?[] { "KX-NEW", "halftime_entry", "v1.0", "0.5500" }, attribution);
    }
}
