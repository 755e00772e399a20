using Precog.Domain.Values;

namespace Precog.Actors.Simulation;

/// <summary>
/// Position and client order ids drawn from a seed and the day's start instead of fresh randomness, so that the
/// same scripted day on the same virtual clock names its positions and orders the same way every run (the
/// engine draws them in one order there). Different days (another seed or start) draw different ids, so days
/// on one database never collide. They are random-looking version-4 UUIDs like the live ones.
/// </summary>
public sealed class SeededIds
{
    private readonly Lock _gate = new();
    private readonly Random _positions;
    private readonly Random _orders;

    public SeededIds(int seed, DateTimeOffset start)
    {
        var ticks = start.UtcTicks;
        var root = unchecked((int)(ticks ^ (ticks >> 32)) * 31 + seed); // not HashCode.Combine: that is salted per process
        _positions = new Random(root);
        _orders = new Random(unchecked(root * 7919 + 1));
    }

    public PositionId NewPositionId()
    {
        lock (_gate) return new PositionId(Draw(_positions));
    }

    public ClientOrderId NewOrderId()
    {
        lock (_gate) return new ClientOrderId(Draw(_orders));
    }

    private static Guid Draw(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
