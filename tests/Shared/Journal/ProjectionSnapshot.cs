using System.Globalization;
using System.Text.Json.Nodes;
using Precog.Persistence;
using Precog.Persistence.Projection;

namespace Precog.Tests.Journal;

/// <summary>
/// Every projected row, table by table in the order the rows were written, with surrogate keys left out and
/// references to other rows replaced by what they point at (a version's label, a trade's venue id), so two
/// databases built from the same journal compare row for row even if their sequences advanced differently.
/// </summary>
public static class ProjectionSnapshot
{
    private static readonly Dictionary<string, string> References = new()
    {
        ["strategy_id"] = "(SELECT r.strategy_name || ' ' || r.strategy_version FROM strategies r WHERE r.strategy_id = t.strategy_id)",
        ["model_id"] = "(SELECT r.model_name || ' ' || r.model_version FROM probability_models r WHERE r.model_id = t.model_id)",
        ["method_id"] = "(SELECT r.method_name || ' ' || r.method_version FROM methods r WHERE r.method_id = t.method_id)",
        ["exit_trade_id"] = "(SELECT r.trade_external_id FROM trades r WHERE r.trade_id = t.exit_trade_id)",
    };

    public static async Task<Dictionary<string, List<string[]>>> TakeAsync(DatabaseTarget target)
    {
        var db = ProjectionDatabase.For(target);
        await using var c = await db.OpenAsync(CancellationToken.None);
        var result = new Dictionary<string, List<string[]>>();
        foreach (var table in Tables.All)
            result[table.Name] = await RowsAsync(db, c, table);
        return result;
    }

    public static async Task<List<string[]>> RowsAsync(ProjectionDatabase db, System.Data.Common.DbConnection c, TableSpec table)
    {
        var select = string.Join(", ", table.Columns.Select(col => References.TryGetValue(col.Name, out var r) ? r : "t." + col.Name));
        var rows = await db.QueryAsync(c, null, $"SELECT {select} FROM {table.Name} t ORDER BY t.{table.PrimaryKey}", CancellationToken.None);
        return rows.Select(r => r.Select((v, i) => Format(db, References.ContainsKey(table.Columns[i].Name) ? ColumnKind.Text : table.Columns[i].Kind, v)).ToArray()).ToList();
    }

    public static string Format(ProjectionDatabase db, ColumnKind kind, object? value)
    {
        if (value is null) return "∅";
        var v = db.FromDb(kind, value);
        return v switch
        {
            decimal d => d.ToString("0.0000", CultureInfo.InvariantCulture),
            DateTimeOffset t => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            _ when kind == ColumnKind.Json => Canonical(JsonNode.Parse((string)v!))?.ToJsonString() ?? "null",
            _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "∅",
        };
    }

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Canonical(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        null => null,
        // numbers compare by value: PostgreSQL's jsonb writes 0.5500 back as 0.5500, SQLite keeps the text
        JsonValue v when v.TryGetValue<decimal>(out var d) => JsonValue.Create(d.ToString("0.##########", CultureInfo.InvariantCulture)),
        _ => JsonNode.Parse(node.ToJsonString()),
    };
}
