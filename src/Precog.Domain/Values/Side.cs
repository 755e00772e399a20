namespace Precog.Domain.Values;

/// <summary>The side of a binary contract a position holds.</summary>
public enum Side { Yes, No }

public static class SideNames
{
    public static string ToWire(this Side side) => side == Side.Yes ? "yes" : "no";

    public static Side Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "yes" => Side.Yes,
        "no" => Side.No,
        _ => throw new FormatException($"side '{text}' is neither 'yes' nor 'no'"),
    };
}
