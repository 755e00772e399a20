using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Precog.Configuration;
using Precog.Domain;

namespace Precog.Persistence.Overrides;

/// <summary>
/// The effective config_overrides: for each key the row with the latest <c>applied_at</c> (a tie goes to the
/// larger <c>override_id</c>), rendered as one HOCON assignment such as
/// <c>precog.trading.entry.min-edge = 0.08</c>. Two overlays are equal when they assign the same values to the
/// same keys, whichever rows those came from.
/// </summary>
public sealed partial class ConfigOverlay : IEquatable<ConfigOverlay>
{
    private sealed record Entry(ConfigOverrideRow Row, string Assignment, Config Config);

    private static readonly Lazy<HashSet<string>> KnownKeys =
        new(() => HoconText.LeafPaths(PrecogConfig.Defaults).ToHashSet(StringComparer.Ordinal));

    private readonly IReadOnlyList<Entry> _entries;

    private ConfigOverlay(IReadOnlyList<Entry> entries)
    {
        _entries = entries;
        Text = string.Join("\n", entries.Select(e => e.Assignment));
    }

    public static ConfigOverlay Empty { get; } = new([]);

    /// <summary>The rows in force, one per key, in key order.</summary>
    public IReadOnlyList<ConfigOverrideRow> Effective => _entries.Select(e => e.Row).ToList();

    /// <summary>The overlay as HOCON, one assignment per line in key order; empty when no row is in force.</summary>
    public string Text { get; }

    public bool IsEmpty => _entries.Count == 0;

    /// <summary>
    /// The overlay of the given active, unexpired rows. Every row must be well-formed, even one that a later row
    /// for the same key shadows: a bad row is refused, never skipped. All malformed rows are named at once.
    /// </summary>
    public static ConfigOverlay From(IEnumerable<ConfigOverrideRow> rows)
    {
        var entries = new List<Entry>();
        var errors = new List<(long Id, string Message)>();
        foreach (var row in rows.OrderBy(r => r.OverrideId))
        {
            try
            {
                entries.Add(Render(row));
            }
            catch (SettingsException e)
            {
                errors.Add((row.OverrideId, e.Message));
            }
        }
        if (errors.Count > 0)
            throw new ConfigOverrideException(string.Join("; ", errors.Select(e => e.Message)), errors.Select(e => e.Id).ToList());

        var winners = entries
            .GroupBy(e => e.Row.ConfigKey, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(e => e.Row.AppliedAt).ThenByDescending(e => e.Row.OverrideId).First())
            .OrderBy(e => e.Row.ConfigKey, StringComparer.Ordinal)
            .ToList();
        return new ConfigOverlay(winners);
    }

    /// <summary>
    /// The trading settings of <paramref name="baseConfig"/> (the shipped defaults under any --config file) with
    /// this overlay on top, through <see cref="PrecogConfig.ComposeOver"/> and <see cref="TradingSettingsBinder.Bind"/>,
    /// so a row is checked exactly as the same line in a HOCON file would be. All or nothing: on any error a
    /// <see cref="ConfigOverrideException"/> names the rows whose keys the error names (all rows when it names none).
    /// </summary>
    public TradingSettings Bind(Config baseConfig)
    {
        if (IsEmpty) return TradingSettingsBinder.Bind(baseConfig);

        Config composed;
        try
        {
            // Each row is its own source, so Compose's "unknown setting" error already names the row.
            composed = PrecogConfig.ComposeOver(baseConfig, [.. _entries.Select(e => (e.Config, e.Row.ToString()))]);
        }
        catch (SettingsException e)
        {
            throw new ConfigOverrideException(e.Message, Culprits(e.Message).Select(r => r.OverrideId).ToList(), e);
        }

        try
        {
            return TradingSettingsBinder.Bind(composed);
        }
        catch (SettingsException e)
        {
            var culprits = Culprits(e.Message);
            var named = culprits.Count == 1
                ? culprits[0].ToString()
                : "config_overrides rows " + string.Join(", ", culprits.Select(r => $"{r.OverrideId} ({r.ConfigKey})")) + " together";
            throw new ConfigOverrideException($"{named}: {e.Message}", culprits.Select(r => r.OverrideId).ToList(), e);
        }
    }

    public bool Equals(ConfigOverlay? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ConfigOverlay);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    public override string ToString() => IsEmpty ? "(no config_overrides in force)" : Text;

    /// <summary>The rows whose keys an error message names; every row when it names none of them.</summary>
    private List<ConfigOverrideRow> Culprits(string message)
    {
        var named = _entries.Where(e => Mentions(message, e.Row.ConfigKey)).Select(e => e.Row).ToList();
        return named.Count > 0 ? named : _entries.Select(e => e.Row).ToList();
    }

    private static bool Mentions(string message, string key) =>
        Regex.IsMatch(message, $@"(?<![A-Za-z0-9_.-]){Regex.Escape(key)}(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])");

    private static Entry Render(ConfigOverrideRow row)
    {
        var key = row.ConfigKey;
        if (!KeyPattern().IsMatch(key))
            throw new SettingsException($"{row}: only {TradingSettingsBinder.Section}.* settings can be overridden by a row, named by their full path");
        if (row.AppliedAt is null)
            throw new SettingsException($"{row}: applied_at is missing (it decides which of two rows for one key wins)");

        var type = row.DataType?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(type))
            throw new SettingsException($"{row}: data_type is missing (float, int, bool, string or duration)");

        JsonElement value;
        try
        {
            using var doc = JsonDocument.Parse(row.OverrideValue);
            value = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new SettingsException($"{row}: override_value is not JSON: {Shorten(row.OverrideValue)}");
        }

        var literal = type switch
        {
            "float" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d)
                ? (d / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture)
                : null,
            "int" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : null,
            "bool" => value.ValueKind switch { JsonValueKind.True => "on", JsonValueKind.False => "off", _ => null },
            "string" or "duration" => value.ValueKind == JsonValueKind.String ? Quote(row, value.GetString()!) : null,
            _ => throw new SettingsException($"{row}: data_type '{row.DataType}' is not one of float, int, bool, string, duration"),
        };
        if (literal is null)
            throw new SettingsException($"{row}: data_type '{type}' needs {Expected(type)}, but override_value is {Shorten(value.GetRawText())}");

        if (KnownKeys.Value.Contains(key)) CheckKind(row, key, type); // an unknown key is left to Compose to refuse
        var assignment = $"{key} = {literal}";
        return new Entry(row, assignment, HoconText.Parse(assignment, row.ToString()));
    }

    /// <summary>The data_type must fit the kind of setting, as shown by its shipped default.</summary>
    private static void CheckKind(ConfigOverrideRow row, string key, string type)
    {
        var value = PrecogConfig.Defaults.GetValue(key);
        if (value.IsArray())
            throw new SettingsException($"{row}: {key} is a list; a config_overrides row holds a single value");
        var shipped = value.GetString()?.Trim() ?? "";
        var (kind, fits) = shipped.ToLowerInvariant() switch
        {
            "on" or "off" or "true" or "false" or "yes" or "no" => ("an on/off setting (data_type bool)", type == "bool"),
            _ when DurationLiteral().IsMatch(shipped) => ("a duration (data_type duration)", type == "duration"),
            _ when decimal.TryParse(shipped, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => ("a number (data_type float or int)", type is "float" or "int"),
            _ => ("a word (data_type string)", type == "string"),
        };
        if (!fits)
            throw new SettingsException($"{row}: {key} is {kind}, default {shipped}; data_type '{type}' does not fit it");
    }

    private static string Expected(string type) => type switch
    {
        "float" => "a JSON number",
        "int" => "a whole JSON number",
        "bool" => "JSON true or false",
        "duration" => "a JSON string with a unit, e.g. \"30s\"",
        _ => "a JSON string",
    };

    private static string Quote(ConfigOverrideRow row, string text)
    {
        if (text.Any(char.IsControl))
            throw new SettingsException($"{row}: override_value holds a control character");
        return "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private static string Shorten(string text)
    {
        var t = text.Trim();
        return t.Length <= 60 ? t : new StringBuilder(t, 0, 57, 60).Append("...").ToString();
    }

    [GeneratedRegex(@"^precog\.trading(\.[A-Za-z0-9_-]+)+$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^\d+(\.\d+)?\s*(ms|s|m|h)$")]
    private static partial Regex DurationLiteral();
}
