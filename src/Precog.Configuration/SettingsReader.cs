using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Configuration;

namespace Precog.Configuration;

/// <summary>Typed, range-checked reads of one configuration section; every error names the full key.</summary>
public sealed partial class SettingsReader(Config config, string section)
{
    public SettingsReader Section(string name) => new(config, $"{section}.{name}");

    public string Key(string name) => $"{section}.{name}";

    public decimal Decimal(string name, decimal min = decimal.MinValue, decimal max = decimal.MaxValue)
    {
        var raw = Raw(name);
        if (!decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new SettingsException($"{Key(name)} = '{raw}' is not a number");
        return InRange(name, value, min, max);
    }

    public int Int(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        var raw = Raw(name);
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw new SettingsException($"{Key(name)} = '{raw}' is not a whole number");
        return (int)InRange(name, value, min, max);
    }

    /// <summary>A plain string setting, trimmed ("" when set empty).</summary>
    public string Text(string name) => Raw(name);

    public bool Bool(string name) => Raw(name).ToLowerInvariant() switch
    {
        "on" or "true" or "yes" => true,
        "off" or "false" or "no" => false,
        var raw => throw new SettingsException($"{Key(name)} = '{raw}' is not on/off"),
    };

    /// <summary>A duration with a unit (ms, s, m, h); zero allowed only when <paramref name="allowZero"/>.</summary>
    public TimeSpan Duration(string name, bool allowZero = false)
    {
        var raw = Raw(name);
        var m = DurationPattern().Match(raw);
        if (!m.Success)
            throw new SettingsException($"{Key(name)} = '{raw}' is not a duration (a number with ms, s, m or h)");
        var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var value = m.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            _ => TimeSpan.FromHours(n),
        };
        if (value == TimeSpan.Zero && !allowZero)
            throw new SettingsException($"{Key(name)} = '{raw}' must be longer than zero");
        return value;
    }

    public IReadOnlyList<decimal> DecimalList(string name, decimal min = decimal.MinValue, decimal max = decimal.MaxValue) =>
        List(name, "[1.0, 2.0]", (v, i, key) =>
        {
            var raw = v.GetString();
            if (!decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                throw new SettingsException($"{key}[{i}] = '{raw}' is not a number");
            return InRange($"{name}[{i}]", d, min, max);
        });

    /// <summary>A list of text values, e.g. ["KXNFLGAME"]; each trimmed, none empty.</summary>
    public IReadOnlyList<string> TextList(string name) =>
        List(name, "[\"A\", \"B\"]", (v, i, key) =>
        {
            var text = v.GetString()?.Trim() ?? "";
            return text.Length > 0 ? text : throw new SettingsException($"{key}[{i}] is empty");
        });

    /// <summary>
    /// A list of objects of single values, e.g. [{ token = "1", title = "x" }]: each element's fields by name, trimmed
    /// (the caller names a missing or bad field as <c>key[i].field</c>).
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> ObjectList(string name, string example) =>
        List(name, example, (v, i, key) =>
        {
            if (!v.IsObject()) throw new SettingsException($"{key}[{i}] must be an object, e.g. {example}");
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (field, value) in v.GetObject().Items)
            {
                if (value.IsObject() || value.IsArray()) throw new SettingsException($"{key}[{i}].{field} must be a single value");
                fields[field] = value.GetString()?.Trim() ?? "";
            }
            return (IReadOnlyDictionary<string, string>)fields;
        });

    /// <summary>A HOCON list, each element read by <paramref name="read"/> (the element, its index and the list's key).</summary>
    private List<T> List<T>(string name, string example, Func<Akka.Configuration.Hocon.HoconValue, int, string, T> read)
    {
        var key = Key(name);
        Require(name);
        var value = config.GetValue(key);
        // Akka's HOCON reports an empty list [] as neither array nor string: it has no values at all.
        if (value.Values.Count == 1 && value.Values[0] is Akka.Configuration.Hocon.HoconArray { Count: 0 })
            return [];
        if (!value.IsArray())
            throw new SettingsException($"{key} must be a list, e.g. {example}");
        return value.GetArray().Select((v, i) => read(v, i, key)).ToList();
    }

    public T Choice<T>(string name, IReadOnlyDictionary<string, T> choices)
    {
        var raw = Raw(name);
        return choices.TryGetValue(raw, out var value)
            ? value
            : throw new SettingsException($"{Key(name)} = '{raw}' is not one of {string.Join(", ", choices.Keys)}");
    }

    private string Raw(string name)
    {
        Require(name);
        var value = config.GetValue(Key(name));
        if (value.IsObject() || value.IsArray())
            throw new SettingsException($"{Key(name)} must be a single value");
        return value.GetString()?.Trim() ?? "";
    }

    private void Require(string name)
    {
        if (!config.HasPath(Key(name)))
            throw new SettingsException($"{Key(name)} is missing");
    }

    private decimal InRange(string name, decimal value, decimal min, decimal max) =>
        value < min || value > max
            ? throw new SettingsException($"{Key(name)} = {value.ToString(CultureInfo.InvariantCulture)} must lie in [{Show(min)}, {Show(max)}]")
            : value;

    private static string Show(decimal bound) => bound switch
    {
        decimal.MinValue => "-inf",
        decimal.MaxValue => "inf",
        _ => bound.ToString(CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$")]
    private static partial Regex DurationPattern();
}
