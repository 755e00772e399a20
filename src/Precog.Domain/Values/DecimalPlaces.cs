namespace Precog.Domain.Values;

/// <summary>Shared checks of the decimal value types: four places, within a range.</summary>
internal static class DecimalPlaces
{
    public const int Scale = 4;

    /// <summary>True when <paramref name="value"/> has no digit beyond the fourth decimal place.</summary>
    public static bool FitsScale(decimal value) => decimal.Round(value, Scale) == value;

    /// <summary>Normalizes a checked value to exactly four places, so 0.6 and 0.6000 print alike.</summary>
    public static decimal Normalize(decimal value) => decimal.Round(value, Scale) + 0.0000m;

    public static decimal Check(decimal value, decimal min, decimal max, string typeName)
    {
        if (value < min || value > max)
            throw new DomainValueException(typeName, value, $"must lie in [{min}, {max}]");
        if (!FitsScale(value))
            throw new DomainValueException(typeName, value, $"has more than {Scale} decimal places");
        return Normalize(value);
    }
}

/// <summary>A value given to a value type that it refuses; the message names the value and the type.</summary>
public sealed class DomainValueException(string typeName, decimal value, string reason)
    : ArgumentOutOfRangeException(typeName, value, $"{typeName} {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {reason}")
{
    public string TypeName { get; } = typeName;
    public decimal Value { get; } = value;

    public override string Message => $"{TypeName} {Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {Reason}";

    private string Reason { get; } = reason;
}
