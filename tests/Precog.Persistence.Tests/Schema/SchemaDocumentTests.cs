namespace Precog.Persistence.Tests.Schema;

/// <summary>The expectations the schema tests derive from the shared documents are the ones those documents state.</summary>
public class SchemaDocumentTests
{
    private static readonly SchemaDocument Doc = SchemaDocument.V17;

    [Fact]
    public void The_document_gives_25_tables_with_columns_and_with_the_two_elo_tables_makes_27()
    {
        Assert.Equal(25, Doc.Tables.Count);
        Assert.Empty(Doc.Tables.Keys.Intersect(ExpectedSchema.EloTables));
        Assert.Equal(27, Doc.Tables.Count + ExpectedSchema.EloTables.Length);
        Assert.Contains(new DocColumn("position_id", "SERIAL", true), Doc.Tables["positions"]);
        Assert.Contains(new DocColumn("exit_condition", "VARCHAR(50)", true), Doc.Tables["position_exits"]);
        Assert.Contains(new DocColumn("method_id", "INT", false), Doc.Tables["trades"]); // from the document's ALTER TABLE
        Assert.DoesNotContain(Doc.Tables["probability_models"], c => c.Name.StartsWith("UNIQUE", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["markets", "game_states", "edges", "positions", "account_balance"], Doc.VersionedTables);
    }

    [Fact]
    public void The_document_gives_the_eight_views()
    {
        Assert.Equal(
            ["active_strategies", "active_models", "trade_attribution", "current_markets", "current_game_states", "current_edges", "open_positions", "current_balances"],
            ExpectedSchema.Views(Doc));
        Assert.Equal(ExpectedSchema.ListedViewSources.Keys, Doc.ListedViews);
        Assert.Equal("strategies", ExpectedSchema.SourceOf(Doc, "active_strategies"));
        Assert.Contains("market_ticker", Doc.Views["trade_attribution"]!);
    }

    [Fact]
    public void Every_change_log_column_is_one_design_md_names()
    {
        var design = File.ReadAllText(SharedData.Path("docs", "DESIGN.md"));
        var section = design[design.IndexOf("## Persistence and the schema", StringComparison.Ordinal)..design.IndexOf("## Cluster", StringComparison.Ordinal)];

        Assert.All(ExpectedSchema.ChangeLogColumns(Doc), a =>
            Assert.True(section.Contains($"`{a.Column.Name}`", StringComparison.Ordinal) || section.Contains($"`{a.Table}.{a.Column.Name}`", StringComparison.Ordinal),
                $"{a.Table}.{a.Column.Name} is not in DESIGN.md's change-log list"));
    }

    [Fact]
    public void Every_departure_is_new_to_the_document_and_gives_its_reason()
    {
        var documented = ExpectedSchema.ChangeLogColumns(Doc).Select(a => (a.Table, a.Column.Name))
            .Concat(Doc.Tables.SelectMany(t => t.Value.Select(c => (t.Key, c.Name))))
            .Concat(Doc.Views.Where(v => v.Value is not null).SelectMany(v => v.Value!.Select(c => (v.Key, c))))
            .ToHashSet();

        Assert.All(ExpectedSchema.Departures, d =>
        {
            Assert.DoesNotContain((d.Table, d.Column.Name), documented);
            Assert.False(string.IsNullOrWhiteSpace(d.Reason));
        });
    }
}
