using System.Security.Cryptography;
using System.Text;

namespace Precog.Domain.Alerts;

/// <summary>
/// An alert's identity for de-duplication: the first 16 lowercase hex characters of SHA-256 of
/// "type:component:stable details". Callers pass only stable details (no timestamps or ids), so two
/// occurrences of the same problem share a fingerprint.
/// </summary>
public static class AlertFingerprint
{
    public static string Of(string type, string component, string stableDetails)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{type}:{component}:{stableDetails}"));
        return Convert.ToHexStringLower(hash)[..16];
    }
}
