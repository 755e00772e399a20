using System.Globalization;

namespace Precog.Domain.Values;

/// <summary>What one contract of a side costs: a decimal in [0, 1] with at most four places.</summary>
public readonly record struct Price : IComparable<Price>
{
    public static readonly Price Zero = new(0m);
    public static readonly Price One = new(1m);
    public static readonly Price Half = new(0.5m);

    public decimal Value { get; }

    public Price(decimal value) => Value = DecimalPlaces.Check(value, 0m, 1m, nameof(Price));

    /// <summary>Rounds a computed value to four places (half away from zero), then range-checks it.</summary>
    public static Price Round(decimal value) => new(decimal.Round(value, DecimalPlaces.Scale, MidpointRounding.AwayFromZero));

    /// <summary>Rounds to four places and clamps into [0, 1]: for limits derived from a book that may sit at its edge.</summary>
    public static Price Clamp(decimal value) => Round(Math.Clamp(value, 0m, 1m));

    public static Price Parse(string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v)
            ? new Price(v)
            : throw new FormatException($"Price '{text}' is not a decimal number");

    /// <summary>The other side's price of the same contract: YES + NO = 1.</summary>
    public Price Complement => new(1m - Value);

    public int CompareTo(Price other) => Value.CompareTo(other.Value);
    public static bool operator <(Price a, Price b) => a.Value < b.Value;
    public static bool operator >(Price a, Price b) => a.Value > b.Value;
    public static bool operator <=(Price a, Price b) => a.Value <= b.Value;
    public static bool operator >=(Price a, Price b) => a.Value >= b.Value;
    public static implicit operator decimal(Price p) => p.Value;

    public override string ToString() => Value.ToString("0.0000", CultureInfo.InvariantCulture);
}
