using System.Globalization;

namespace Precog.Domain.Values;

/// <summary>A whole, non-negative number of contracts.</summary>
public readonly record struct Quantity : IComparable<Quantity>
{
    public static readonly Quantity Zero = new(0);

    public int Value { get; }

    public Quantity(int value)
    {
        if (value < 0)
            throw new DomainValueException(nameof(Quantity), value, "must not be negative");
        Value = value;
    }

    public static Quantity Min(Quantity a, Quantity b) => a.Value <= b.Value ? a : b;
    public static Quantity operator -(Quantity a, Quantity b) => new(a.Value - b.Value);
    public static Quantity operator +(Quantity a, Quantity b) => new(a.Value + b.Value);
    public static bool operator <(Quantity a, Quantity b) => a.Value < b.Value;
    public static bool operator >(Quantity a, Quantity b) => a.Value > b.Value;
    public static bool operator <=(Quantity a, Quantity b) => a.Value <= b.Value;
    public static bool operator >=(Quantity a, Quantity b) => a.Value >= b.Value;
    public bool IsZero => Value == 0;
    public int CompareTo(Quantity other) => Value.CompareTo(other.Value);
    public static implicit operator int(Quantity q) => q.Value;
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
