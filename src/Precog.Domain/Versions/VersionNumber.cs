using System.Globalization;
using System.Text.RegularExpressions;

namespace Precog.Domain.Versions;

/// <summary>A version "vX.Y": a minor step fixes or tunes, a major step changes the approach.</summary>
public readonly partial record struct VersionNumber(int Major, int Minor) : IComparable<VersionNumber>
{
    public static VersionNumber Parse(string text)
    {
        var m = Pattern().Match(text ?? "");
        if (!m.Success)
            throw new FormatException($"version '{text}' is not of the form vX.Y (e.g. v1.0)");
        return new VersionNumber(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    public VersionNumber NextMinor => this with { Minor = Minor + 1 };
    public VersionNumber NextMajor => new(Major + 1, 0);

    public int CompareTo(VersionNumber other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"v{Major}.{Minor}");

    [GeneratedRegex(@"^v(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$")]
    private static partial Regex Pattern();
}
