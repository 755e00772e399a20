using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;
using Precog.Persistence.Schema;

namespace Precog.Persistence.Tests.Schema;

public sealed class SqliteMigrationTests : MigrationContract
{
    protected override SchemaDatabase Database { get; } = new SqliteSchemaDatabase();
}

public sealed class SqliteDocumentedSchemaTests : DocumentedSchemaContract
{
    protected override SchemaDatabase Database { get; } = new SqliteSchemaDatabase();

    /// <summary>The fragment of a column's CHECK that keeps it in its one canonical text form, by document type.</summary>
    private static string? CanonicalCheck(DocColumn column)
    {
        var c = column.Name;
        if (column.Type.StartsWith("DECIMAL(", StringComparison.Ordinal))
        {
            var ps = column.Type["DECIMAL(".Length..^1].Split(',').Select(int.Parse).ToArray();
            return $"{c} = printf('%.{ps[1]}f', {c}) AND abs({c}) < 1e{ps[0] - ps[1]}";
        }
        return column.Type switch
        {
            "TIMESTAMP" => $"{c} IS strftime('%Y-%m-%dT%H:%M:%fZ', {c})",
            "UUID" => $"{c} GLOB '????????-????-????-????-????????????'",
            "JSONB" => $"json_valid({c})",
            "BOOLEAN" => $"{c} IN (0, 1)",
            _ => null,
        };
    }

    [Fact]
    public void Every_decimal_instant_uuid_json_and_boolean_column_checks_its_canonical_form()
    {
        using var c = OpenMigrated();
        var problems = new List<string>();
        foreach (var (table, columns) in ExpectedSchema.Tables(Document))
        {
            var ddl = SchemaDatabase.Scalar(c, $"SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}'")!;
            var definitions = ddl.Split('\n').Select(l => l.Trim()).ToList();
            foreach (var column in columns)
            {
                if (CanonicalCheck(column) is not { } check) continue;
                var definition = definitions.FirstOrDefault(d => d.StartsWith(column.Name + " ", StringComparison.Ordinal));
                if (definition is null || !definition.Contains(check, StringComparison.Ordinal))
                    problems.Add($"{table}.{column.Name} ({column.Type}) lacks CHECK ... {check}");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}

public sealed class SqliteConstraintTests : ConstraintContract
{
    protected override SchemaDatabase Database { get; } = new SqliteSchemaDatabase();

    [Theory]
    [InlineData("0.55")]       // what Microsoft.Data.Sqlite writes for 0.55m
    [InlineData("0.55000")]
    [InlineData(".5500")]
    [InlineData("+0.5500")]
    [InlineData(" 0.5500")]
    [InlineData("00.5500")]
    [InlineData("0.55.00")]
    [InlineData("0.5-500")]
    [InlineData("5.5e-1")]
    [InlineData("-0.0000")]
    [InlineData("1")]
    public void A_decimal_in_any_but_its_canonical_spelling_is_refused(string spelling)
    {
        Assert.Equal(Refusal.Check, Refused("markets", With(Row("markets", Keys("markets").A), ("yes_price", spelling))));
    }

    [Fact]
    public void Decimals_as_the_driver_binds_them_are_refused_and_as_SqliteText_writes_them_are_kept()
    {
        var (_, a, b) = Keys("markets");

        Assert.Equal(Refusal.Check, Database.Classify(Assert.Throws<SqliteException>(() => InsertYesPrice(a, 0.55m))));
        InsertYesPrice(b, SqliteText.Decimal(0.55m));

        Assert.Equal("0.5500", SchemaDatabase.Scalar(Connection, "SELECT yes_price FROM markets"));
    }

    private void InsertYesPrice(string marketUuid, object price)
    {
        using var cmd = (SqliteCommand)Connection.CreateCommand();
        cmd.CommandText = "INSERT INTO markets (market_uuid, market_id, external_id, title, yes_price) VALUES (@u, 'KX', 'KX', 'A market', @p)";
        cmd.Parameters.AddWithValue("@u", marketUuid);
        cmd.Parameters.AddWithValue("@p", price);
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public void Every_decimal_of_the_documented_precision_round_trips_exactly_and_other_spellings_of_it_are_refused()
    {
        var values = from whole in Gen.Choose(0, 999_999) from fraction in Gen.Choose(0, 9_999) select whole + fraction / 10_000m;

        Prop.ForAll(values.ToArbitrary(), value =>
        {
            var text = SqliteText.Decimal(value);
            Insert("account_balance", Closed(text));
            var back = SchemaDatabase.Scalar(Connection, "SELECT balance FROM account_balance ORDER BY balance_id DESC LIMIT 1");
            var others = new[] { value.ToString("0.#####", CultureInfo.InvariantCulture), text + "0", "0" + text }.Where(s => s != text);
            return back == text && decimal.Parse(back, CultureInfo.InvariantCulture) == value && others.All(s => Refused("account_balance", Closed(s)) == Refusal.Check);
        }).QuickCheckThrowOnFailure();

        Dictionary<string, string?> Closed(string balance) =>
            With(Row("account_balance", "kalshi"), ("balance", balance), ("row_current_ind", "0"), ("row_end_ts", ClosedAt));
    }

    [Theory]
    [InlineData("2025-10-24 18:30:00")]            // SQLite's own datetime() form
    [InlineData("2025-10-24T18:30:00Z")]           // no milliseconds
    [InlineData("2025-10-24T18:30:00.000")]        // no zone
    [InlineData("2025-10-24T20:30:00.000+02:00")]  // not UTC
    [InlineData("2025-10-24 18:30:00.0000000+00:00")] // what the driver writes for a DateTimeOffset
    [InlineData("next tuesday")]                   // strftime cannot read it at all: NULL, which '=' would let through
    public void An_instant_in_any_but_utc_iso_8601_with_milliseconds_is_refused(string spelling)
    {
        Assert.Equal(Refusal.Check, Refused("positions", With(Row("positions", Keys("positions").A), ("entry_time", spelling))));
    }

    [Fact]
    public void An_instant_written_by_SqliteText_is_kept_in_utc()
    {
        var at = new DateTimeOffset(2025, 10, 24, 20, 30, 0, 123, TimeSpan.FromHours(2));

        Insert("positions", With(Row("positions", Keys("positions").A), ("entry_time", SqliteText.Timestamp(at))));

        Assert.Equal("2025-10-24T18:30:00.123Z", SchemaDatabase.Scalar(Connection, "SELECT entry_time FROM positions"));
    }

    [Theory]
    [InlineData("0B1C2D3E-4F50-4A6B-8C7D-9E0F1A2B3C4D")]
    [InlineData("0b1c2d3e4f504a6b8c7d9e0f1a2b3c4d")]
    [InlineData("{0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d}")]
    [InlineData("0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4")]
    [InlineData("0b1c2d3e-4f50-4a6b-8c7d--e0f1a2b3c4d")]
    public void A_uuid_in_any_but_lowercase_hyphenated_form_is_refused(string spelling)
    {
        Assert.Equal(Refusal.Check, Refused("positions", Row("positions", spelling)));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("true")]
    public void A_boolean_is_0_or_1(string value)
    {
        Assert.Equal(Refusal.Check, Refused("markets", With(Row("markets", Keys("markets").A), ("row_current_ind", value))));
    }
}
