using System.Text.RegularExpressions;

namespace Precog.Persistence.Tests.Schema;

/// <summary>A column as the schema document declares it: its name, its SQL type as written (VARCHAR(50), DECIMAL(10,4) ...) and whether it may be null.</summary>
public sealed record DocColumn(string Name, string Type, bool NotNull);

/// <summary>
/// The data model as ../shared/seed/DATABASE_SCHEMA_SUMMARY_V1.7.md writes it, read at test time: the columns of
/// every CREATE TABLE block, the columns its ALTER TABLE statements add, its CREATE VIEW blocks and the helper
/// views it lists by name.
/// </summary>
public sealed partial class SchemaDocument
{
    private static readonly Lazy<SchemaDocument> Shared = new(() => Parse(File.ReadAllText(SharedData.Path("seed", "DATABASE_SCHEMA_SUMMARY_V1.7.md"))));

    public static SchemaDocument V17 => Shared.Value;

    /// <summary>Table → its columns, in the document's order, including those its ALTER TABLE statements add.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<DocColumn>> Tables { get; }

    /// <summary>View → its select list (output names), or null where the view is SELECT * FROM <see cref="ViewSources"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>?> Views { get; }

    /// <summary>View → the one table it selects every column of (SELECT * FROM table).</summary>
    public IReadOnlyDictionary<string, string> ViewSources { get; }

    /// <summary>The helper views the document names in its "Helper Views from v1.3" list, without their SQL.</summary>
    public IReadOnlyList<string> ListedViews { get; }

    private SchemaDocument(Dictionary<string, IReadOnlyList<DocColumn>> tables, Dictionary<string, IReadOnlyList<string>?> views,
        Dictionary<string, string> sources, List<string> listed)
    {
        Tables = tables;
        Views = views;
        ViewSources = sources;
        ListedViews = listed;
    }

    /// <summary>The tables whose rows are versions (SCD type 2): those the document gives a row_current_ind.</summary>
    public IEnumerable<string> VersionedTables => Tables.Where(t => t.Value.Any(c => c.Name == "row_current_ind")).Select(t => t.Key);

    public static SchemaDocument Parse(string markdown)
    {
        var tables = new Dictionary<string, IReadOnlyList<DocColumn>>();
        foreach (Match m in CreateTable().Matches(markdown))
            tables.Add(m.Groups["name"].Value, Columns(m.Groups["body"].Value).ToList());
        foreach (Match m in AlterTableAdd().Matches(markdown))
        {
            var table = m.Groups["table"].Value;
            tables[table] = [.. tables[table], Column(m.Groups["column"].Value)!];
        }

        var views = new Dictionary<string, IReadOnlyList<string>?>();
        var sources = new Dictionary<string, string>();
        foreach (Match m in CreateView().Matches(markdown))
        {
            var select = m.Groups["select"].Value.Trim();
            if (select == "*") sources.Add(m.Groups["name"].Value, m.Groups["from"].Value);
            views.Add(m.Groups["name"].Value, select == "*" ? null : select.Split(',').Select(OutputName).ToList());
        }

        var listed = new List<string>();
        var section = markdown.IndexOf("### Helper Views from v1.3", StringComparison.Ordinal);
        if (section >= 0)
        {
            foreach (var line in markdown[section..].Split('\n').Skip(1).TakeWhile(l => !l.StartsWith('#') && !l.StartsWith("---", StringComparison.Ordinal)))
                if (ListedView().Match(line) is { Success: true } v)
                    listed.Add(v.Groups["name"].Value);
        }
        return new SchemaDocument(tables, views, sources, listed);
    }

    private static IEnumerable<DocColumn> Columns(string body) =>
        body.Split('\n').Select(Column).OfType<DocColumn>();

    /// <summary>One line of a CREATE TABLE body as a column, or null for comments, blank lines and table constraints.</summary>
    private static DocColumn? Column(string line)
    {
        var text = line.Split("--")[0].Trim().TrimEnd(',');
        if (text.Length == 0) return null;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || TableConstraint().IsMatch(words[0])) return null;
        var upper = text.ToUpperInvariant();
        return new DocColumn(words[0], words[1].ToUpperInvariant(), upper.Contains("NOT NULL", StringComparison.Ordinal) || upper.Contains("PRIMARY KEY", StringComparison.Ordinal));
    }

    /// <summary>"m.ticker as market_ticker" → market_ticker; "t.trade_id" → trade_id.</summary>
    private static string OutputName(string item)
    {
        var words = item.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var last = words[^1];
        return last[(last.LastIndexOf('.') + 1)..];
    }

    [GeneratedRegex(@"CREATE TABLE (?<name>\w+) \((?<body>.*?)\n\);", RegexOptions.Singleline)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"ALTER TABLE (?<table>\w+) ADD COLUMN (?<column>[^;]+);")]
    private static partial Regex AlterTableAdd();

    [GeneratedRegex(@"CREATE VIEW (?<name>\w+) AS\s+SELECT\s+(?<select>.*?)\s+FROM (?<from>\w+)", RegexOptions.Singleline)]
    private static partial Regex CreateView();

    [GeneratedRegex(@"^- `(?<name>\w+)`:")]
    private static partial Regex ListedView();

    [GeneratedRegex(@"^(UNIQUE|CHECK|PRIMARY|FOREIGN|CONSTRAINT)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TableConstraint();
}
