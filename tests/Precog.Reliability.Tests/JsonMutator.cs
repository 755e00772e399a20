using System.Text.Json.Nodes;

namespace Precog.Reliability.Tests;

/// <summary>
/// Seeded mutations of a recorded JSON document, the kinds a venue or a broken proxy sends: a field gone, null, the
/// wrong type, a price outside [0, 1], a negative or fractional count, a number too large for any integer, a time that
/// is no time, an empty string, a duplicated or truncated array. One mutation per copy; the same seed, the same copies.
/// </summary>
public sealed class JsonMutator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly Func<JsonNode?, Random, JsonNode?>[] Values =
    [
        (_, _) => null,
        (_, _) => JsonValue.Create(""),
        (_, _) => JsonValue.Create("abc"),
        (_, _) => JsonValue.Create("not-a-time"),
        (_, _) => JsonValue.Create(-1),
        (_, _) => JsonValue.Create(-0.25m),
        (_, _) => JsonValue.Create(1.5m),
        (_, _) => JsonValue.Create(150),
        (_, _) => JsonValue.Create(2.5m),
        (_, _) => JsonValue.Create(1e30),
        (_, _) => JsonNode.Parse("123456789012345678901234567890"),
        (_, _) => JsonValue.Create(true),
        (_, _) => new JsonObject(),
        (_, _) => new JsonArray(),
        (_, _) => JsonValue.Create("1.5"),
        (_, _) => JsonValue.Create("-3"),
        (_, _) => JsonValue.Create("NaN"),
        (n, _) => n is JsonValue v && v.TryGetValue<decimal>(out var d) ? JsonValue.Create(-d) : JsonValue.Create(-7),
        (n, _) => n is JsonValue v && v.TryGetValue<decimal>(out var d) ? JsonValue.Create(d + 0.5m) : JsonValue.Create(0.5m),
        (n, _) => n is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 1 ? JsonValue.Create(s[..(s.Length / 2)]) : JsonValue.Create("x"),
        (n, r) => n is JsonValue v && v.TryGetValue<string>(out var s) ? JsonValue.Create(s + (char)r.Next(0x20, 0x2FF)) : JsonValue.Create("\u0000"),
    ];

    /// <summary>A mutated copy of <paramref name="original"/> and what was done to it (for the failure message).</summary>
    public (JsonNode Copy, string Mutation) Mutate(JsonNode original)
    {
        var copy = original.DeepClone();
        var slots = new List<(JsonNode Parent, object Key)>();
        Collect(copy, slots);
        if (slots.Count == 0) return (copy, "nothing to mutate");
        var (parent, key) = slots[_random.Next(slots.Count)];
        var current = parent is JsonObject o ? o[(string)key] : ((JsonArray)parent)[(int)key];
        var path = current?.GetPath() ?? $"{parent.GetPath()}.{key}";
        var kind = _random.Next(10);
        if (kind == 0 && parent is JsonObject obj)
        {
            obj.Remove((string)key);
            return (copy, $"{path} removed");
        }
        if (kind == 1 && parent is JsonArray arr)
        {
            arr.Insert((int)key, current?.DeepClone());
            return (copy, $"{path} duplicated");
        }
        var replacement = Values[_random.Next(Values.Length)](current, _random);
        if (parent is JsonObject target) target[(string)key] = replacement;
        else ((JsonArray)parent)[(int)key] = replacement;
        return (copy, $"{path} = {replacement?.ToJsonString() ?? "null"}");
    }

    private static void Collect(JsonNode node, List<(JsonNode, object)> slots)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    slots.Add((o, name));
                    if (child is not null) Collect(child, slots);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, i));
                    if (a[i] is { } child) Collect(child, slots);
                }
                break;
        }
    }
}
