using System.Data.Common;
using Precog.Persistence.Schema;

namespace Precog.Persistence.Tests.Schema;

/// <summary>
/// The migrated database has every table and view of the schema document with the documented columns. Other
/// tables may exist beside them (schema_version, later migrations, the Akka journal's): only the documented
/// ones are checked.
/// </summary>
public abstract class DocumentedSchemaContract : IAsyncLifetime
{
    private static readonly SchemaDocument Doc = SchemaDocument.V17;

    private DatabaseTarget _target = null!;

    protected abstract SchemaDatabase Database { get; }

    protected static SchemaDocument Document => Doc;

    protected DbConnection OpenMigrated() => Database.Open(_target);

    public async Task InitializeAsync()
    {
        _target = await Database.CreateEmptyAsync();
        await MigrationRunner.MigrateAsync(_target, teamsCsv: null);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [Fact]
    public void Every_documented_table_has_exactly_the_documented_columns_with_their_types_and_not_nulls()
    {
        using var c = OpenMigrated();
        var problems = new List<string>();
        foreach (var (table, expected) in ExpectedSchema.Tables(Doc))
        {
            var actual = Database.Columns(c, table).ToDictionary(col => col.Name);
            if (actual.Count == 0)
            {
                problems.Add($"{table}: no such table");
                continue;
            }
            foreach (var col in expected)
            {
                if (!actual.TryGetValue(col.Name, out var found))
                    problems.Add($"{table}.{col.Name}: missing");
                else if (found.Type != Database.StoredAs(col.Type))
                    problems.Add($"{table}.{col.Name}: {found.Type}, expected {Database.StoredAs(col.Type)} for {col.Type}");
                else if (col.NotNull && !found.NotNull)
                    problems.Add($"{table}.{col.Name}: nullable, documented NOT NULL");
            }
            problems.AddRange(actual.Keys.Except(expected.Select(e => e.Name)).Select(extra => $"{table}.{extra}: not documented (add it to ExpectedSchema.Departures with its reason, or drop it)"));
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_elo_tables_of_migration_010_exist_and_teams_has_the_columns_of_the_seed_file()
    {
        using var c = OpenMigrated();
        var header = File.ReadLines(SharedData.Path("data", "nfl_teams_initial_elo.csv")).First().Split(',');
        Assert.Subset(Database.Columns(c, "teams").Select(col => col.Name).ToHashSet(), header.ToHashSet());
        Assert.Contains(Database.Columns(c, "elo_rating_history"), col => col is { Name: "team_id", NotNull: true });
    }

    [Fact]
    public void Every_documented_view_exists_and_shows_the_documented_columns()
    {
        using var c = OpenMigrated();
        var problems = new List<string>();
        foreach (var view in ExpectedSchema.Views(Doc))
        {
            var actual = Database.Columns(c, view).Select(col => col.Name).ToList();
            var source = ExpectedSchema.SourceOf(Doc, view);
            var expected = source is null ? ExpectedSchema.ViewColumns(Doc, view) : Database.Columns(c, source).Select(col => col.Name).ToList();
            if (!Database.Relations(c, views: true).Contains(view))
                problems.Add($"{view}: no such view");
            else if (!actual.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal)))
                problems.Add($"{view}: [{string.Join(", ", actual)}], expected [{string.Join(", ", expected)}]{(source is null ? "" : $" (every column of {source})")}");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
