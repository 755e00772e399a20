namespace Precog.Domain.Values;

/// <summary>A venue's market ticker, e.g. KXNFLGAME-25DEC07BUFCIN-BUF.</summary>
public readonly record struct MarketTicker
{
    public string Value { get; }

    public MarketTicker(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException("market ticker must not be empty", nameof(value));
        Value = value.Trim();
    }

    public override string ToString() => Value;
}

/// <summary>Identity of one position, a UUID.</summary>
public readonly record struct PositionId(Guid Value)
{
    public static PositionId New() => new(Guid.NewGuid());
    public override string ToString() => Value.ToString("D");
}

/// <summary>The idempotency key of one order: recorded before the order is sent, reused on a resend.</summary>
public readonly record struct ClientOrderId(Guid Value)
{
    public static ClientOrderId New() => new(Guid.NewGuid());
    public override string ToString() => Value.ToString("D");
}
