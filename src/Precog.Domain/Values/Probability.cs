using System.Globalization;

namespace Precog.Domain.Values;

/// <summary>A probability in [0, 1] with at most four places, as stored in DECIMAL(10,4).</summary>
public readonly record struct Probability : IComparable<Probability>
{
    public decimal Value { get; }

    public Probability(decimal value) => Value = DecimalPlaces.Check(value, 0m, 1m, nameof(Probability));

    /// <summary>Rounds a model's output to four places; refuses NaN and values outside [0, 1].</summary>
    public static Probability FromModel(double value)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Probability {value.ToString(CultureInfo.InvariantCulture)} must lie in [0, 1]");
        return new Probability(decimal.Round((decimal)value, DecimalPlaces.Scale, MidpointRounding.AwayFromZero));
    }

    public static Probability Round(decimal value) => new(decimal.Round(value, DecimalPlaces.Scale, MidpointRounding.AwayFromZero));

    public Probability Complement => new(1m - Value);

    public int CompareTo(Probability other) => Value.CompareTo(other.Value);
    public static implicit operator decimal(Probability p) => p.Value;
    public override string ToString() => Value.ToString("0.0000", CultureInfo.InvariantCulture);
}
