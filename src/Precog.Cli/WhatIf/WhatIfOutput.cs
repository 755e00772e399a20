using System.Globalization;
using System.Text.Json;
using Precog.Domain.Exits;
using Precog.Domain.Positions;
using Spectre.Console;

namespace Precog.Cli;

/// <summary>Renders what-if rows as a table or as the documented JSON array.</summary>
public static class WhatIfOutput
{
    public static void WriteJson(TextWriter output, IReadOnlyList<WhatIfRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var row in rows)
            {
                w.WriteStartObject();
                w.WriteNumber("mark", row.Mark.Value);
                w.WriteNumber("pnl_pct", Pct(row.PnlPct));
                w.WriteStartObject("trailing");
                w.WriteBoolean("active", row.Trailing.Active);
                WriteNullable(w, "peak", row.Trailing.PeakPrice?.Value);
                WriteNullable(w, "stop", row.Trailing.CurrentStopPrice);
                WriteNullable(w, "distance", row.Trailing.CurrentDistance);
                w.WriteEndObject();
                w.WriteStartArray("fired");
                foreach (var t in row.Fired) w.WriteStringValue(t.Condition.ToWire());
                w.WriteEndArray();
                if (row.Action is { } a)
                {
                    w.WriteStartObject("action");
                    w.WriteString("priority", a.Priority.ToWire());
                    w.WriteString("condition", a.Condition.ToWire());
                    w.WriteNumber("quantity", a.Quantity.Value);
                    w.WriteEndObject();
                }
                else w.WriteNull("action");
                w.WriteNumber("remaining", row.Remaining.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static void WriteTable(CliConsole console, IReadOnlyList<WhatIfRow> rows)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("mark", "pnl %", "trailing", "peak", "stop", "distance", "fired", "action", "remaining");
        foreach (var r in rows)
        {
            var t = r.Trailing;
            table.AddRow(
                r.Mark.ToString(),
                (r.PnlPct * 100m).ToString("0.00", CultureInfo.InvariantCulture),
                t.Active ? "active" : "inactive",
                t.PeakPrice?.ToString() ?? "-",
                t.CurrentStopPrice is { } s ? Show(s) : "-",
                t.CurrentDistance is { } d ? Show(d) : "-",
                r.Fired.Count == 0 ? "-" : Markup.Escape(string.Join(", ", r.Fired.Select(f => f.Condition.ToWire()))),
                r.Action is { } a ? Markup.Escape($"{a.Priority.ToWire()} {a.Condition.ToWire()} sell {a.Quantity}") : "-",
                r.Remaining.ToString());
        }
        CliRendering.Write(console, table);
    }

    /// <summary>pnl_pct to six places: exact decimals like 0.0666… would print 28 digits.</summary>
    private static decimal Pct(decimal value) => decimal.Round(value, 6, MidpointRounding.AwayFromZero);

    private static string Show(decimal value) => value.ToString("0.0000####", CultureInfo.InvariantCulture);

    private static void WriteNullable(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
