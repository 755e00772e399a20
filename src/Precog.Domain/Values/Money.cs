using System.Globalization;

namespace Precog.Domain.Values;

/// <summary>An amount of dollars with at most four places; negative amounts (losses) are allowed.</summary>
public readonly record struct Money : IComparable<Money>
{
    /// <summary>Largest magnitude DECIMAL(10,4) can hold.</summary>
    public const decimal Limit = 999_999.9999m;

    public static readonly Money Zero = new(0m);

    public decimal Value { get; }

    public Money(decimal value) => Value = DecimalPlaces.Check(value, -Limit, Limit, nameof(Money));

    public static Money Round(decimal value) => new(decimal.Round(value, DecimalPlaces.Scale, MidpointRounding.AwayFromZero));

    /// <summary>Rounds up to the next whole cent: Kalshi's fee rounding.</summary>
    public static Money CeilToCent(decimal value) => new(Math.Ceiling(value * 100m) / 100m);

    public static Money operator +(Money a, Money b) => new(a.Value + b.Value);
    public static Money operator -(Money a, Money b) => new(a.Value - b.Value);
    public static Money operator -(Money a) => new(-a.Value);
    public static bool operator <(Money a, Money b) => a.Value < b.Value;
    public static bool operator >(Money a, Money b) => a.Value > b.Value;
    public static bool operator <=(Money a, Money b) => a.Value <= b.Value;
    public static bool operator >=(Money a, Money b) => a.Value >= b.Value;
    public static Money Min(Money a, Money b) => a.Value <= b.Value ? a : b;
    public static Money Max(Money a, Money b) => a.Value >= b.Value ? a : b;
    public int CompareTo(Money other) => Value.CompareTo(other.Value);
    public static implicit operator decimal(Money m) => m.Value;

    public override string ToString() => Value.ToString("0.00##", CultureInfo.InvariantCulture);
}
