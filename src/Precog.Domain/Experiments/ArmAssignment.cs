using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Precog.Domain.Experiments;

/// <summary>The two arms of an A/B test.</summary>
public enum Arm { A, B }

/// <summary>
/// Assigns each opportunity to an arm by a seeded uniform draw that depends only on (seed, opportunity
/// key): a replay of the same opportunities gets the same arms, in any order and in any process. The
/// draw is the first 8 bytes of SHA-256("seed:key") as a fraction of 2^64 (never string.GetHashCode,
/// which differs between processes).
/// </summary>
public static class ArmAssignment
{
    public static Arm Assign(long seed, string opportunityKey, decimal shareOfA = 0.5m)
    {
        if (shareOfA is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(shareOfA), shareOfA, $"share of arm A {shareOfA} must lie in [0, 1]");
        return Draw(seed, opportunityKey) < (double)shareOfA ? Arm.A : Arm.B;
    }

    /// <summary>The uniform draw in [0, 1) for one opportunity.</summary>
    public static double Draw(long seed, string opportunityKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{opportunityKey}"));
        return BinaryPrimitives.ReadUInt64BigEndian(hash) / 18446744073709551616.0; // 2^64
    }
}
