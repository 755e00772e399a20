using System.Globalization;
using System.Text.Json;
using Precog.Domain.Values;

namespace Precog.Exchanges.Kalshi;

/// <summary>A field of a Kalshi answer that cannot be read as what it must be; names the field.</summary>
public sealed class KalshiFormatException(string field, string reason) : FormatException($"field '{field}' {reason}")
{
    public string Field { get; } = field;

    /// <summary>What is wrong with it, without the field's name.</summary>
    public string Reason { get; } = reason;
}

/// <summary>
/// Kalshi's number styles, read into exact decimals (PROTOCOLS.md §1.3): <c>*_dollars</c> (and the older <c>*_fixed</c>)
/// strings, <c>*_fp</c> count strings, and the legacy bare integers (cents for prices and money, whole contracts for
/// counts). An empty string is zero (the recorded <c>maker_fill_cost_dollars: ""</c>). A bare field that holds a
/// string instead of an integer is dollars (the recorded settlement's <c>revenue: "100.0000"</c>). Values are never
/// read through a double.
/// </summary>
public static class KalshiNumbers
{
    private const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    /// <summary>"0.5600": how prices and money go out in <c>*_dollars</c> fields.</summary>
    public static string FormatDollars(decimal value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>"10.00": how counts go out in <c>*_fp</c> fields.</summary>
    public static string FormatCount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A decimal string of a <c>*_dollars</c>/<c>*_fp</c> field; "" is zero.</summary>
    public static decimal ParseDecimal(string text, string field)
    {
        if (text.Length == 0) return 0m;
        return decimal.TryParse(text, Style, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new KalshiFormatException(field, $"'{Shorten(text)}' is not a decimal number");
    }

    /// <summary>A JSON number or decimal string, exactly; null when the field is absent or null.</summary>
    public static decimal? Decimal(JsonElement obj, string field)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(field, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => ParseDecimal(v.GetString()!, field),
            JsonValueKind.Number => v.TryGetDecimal(out var d) ? d : throw new KalshiFormatException(field, $"{v.GetRawText()} is out of range"),
            _ => throw new KalshiFormatException(field, $"is a {v.ValueKind}, not a number"),
        };
    }

    /// <summary>
    /// A dollar amount given as <c>{name}_dollars</c>, <c>{name}_fixed</c> or <c>{name}</c> (integer cents, or a
    /// dollar string), the first present; null when none is.
    /// </summary>
    public static (decimal Value, string Field)? Dollars(JsonElement obj, string name)
    {
        foreach (var field in new[] { name + "_dollars", name + "_fixed" })
            if (Decimal(obj, field) is { } d) return (d, field);
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var bare) || bare.ValueKind == JsonValueKind.Null) return null;
        if (bare.ValueKind == JsonValueKind.String) return (ParseDecimal(bare.GetString()!, name), name);
        if (bare.ValueKind == JsonValueKind.Number && bare.TryGetInt64(out var cents)) return (cents / 100m, name);
        throw new KalshiFormatException(name, $"{Shorten(bare.GetRawText())} is not integer cents");
    }

    /// <summary>A price in [0, 1] with at most four places, from <see cref="Dollars"/>; null when absent.</summary>
    public static Price? PriceOrNull(JsonElement obj, string name) =>
        Dollars(obj, name) is (var value, var field) ? ToPrice(value, field) : null;

    public static Price RequiredPrice(JsonElement obj, string name) =>
        PriceOrNull(obj, name) ?? throw new KalshiFormatException(name + "_dollars", "is missing");

    /// <summary>Money (four places at most; negative allowed), from <see cref="Dollars"/>; null when absent.</summary>
    public static Money? MoneyOrNull(JsonElement obj, string name) =>
        Dollars(obj, name) is (var value, var field) ? ToMoney(value, field) : null;

    /// <summary>A signed count from <c>{name}_fp</c> or the integer <c>{name}</c>; null when absent.</summary>
    public static (decimal Value, string Field)? SignedCount(JsonElement obj, string name)
    {
        if (Decimal(obj, name + "_fp") is { } fp) return (fp, name + "_fp");
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var bare) || bare.ValueKind == JsonValueKind.Null) return null;
        if (bare.ValueKind == JsonValueKind.String) return (ParseDecimal(bare.GetString()!, name), name);
        if (bare.ValueKind == JsonValueKind.Number && bare.TryGetInt64(out var whole)) return (whole, name);
        throw new KalshiFormatException(name, $"{Shorten(bare.GetRawText())} is not a whole count");
    }

    /// <summary>A non-negative whole number of contracts; null when absent.</summary>
    public static Quantity? QuantityOrNull(JsonElement obj, string name) =>
        SignedCount(obj, name) is (var value, var field) ? ToQuantity(value, field) : null;

    public static Quantity RequiredQuantity(JsonElement obj, string name) =>
        QuantityOrNull(obj, name) ?? throw new KalshiFormatException(name + "_fp", "is missing");

    public static Price ToPrice(decimal value, string field)
    {
        if (value < 0m || value > 1m) throw new KalshiFormatException(field, $"{value.ToString(CultureInfo.InvariantCulture)} is outside [0, 1]");
        if (decimal.Round(value, 4) != value) throw new KalshiFormatException(field, $"{value.ToString(CultureInfo.InvariantCulture)} has more than four decimal places");
        return new Price(value);
    }

    public static Money ToMoney(decimal value, string field)
    {
        if (Math.Abs(value) > Money.Limit) throw new KalshiFormatException(field, $"{value.ToString(CultureInfo.InvariantCulture)} exceeds {Money.Limit}");
        if (decimal.Round(value, 4) != value) throw new KalshiFormatException(field, $"{value.ToString(CultureInfo.InvariantCulture)} has more than four decimal places");
        return new Money(value);
    }

    /// <summary>Precog trades whole contracts: a fractional count (Kalshi allows 0.01) is refused, naming the field.</summary>
    public static Quantity ToQuantity(decimal value, string field)
    {
        if (value < 0m) throw new KalshiFormatException(field, $"{value.ToString(CultureInfo.InvariantCulture)} is negative");
        if (decimal.Truncate(value) != value) throw new KalshiFormatException(field, $"{value.ToString(CultureInfo.InvariantCulture)} is not a whole number of contracts");
        if (value > int.MaxValue) throw new KalshiFormatException(field, $"{value.ToString(CultureInfo.InvariantCulture)} is too large");
        return new Quantity((int)value);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
