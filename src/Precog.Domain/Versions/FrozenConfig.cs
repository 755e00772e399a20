using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Precog.Domain.Versions;

/// <summary>
/// A version's configuration, frozen: kept as canonical JSON text (object keys sorted at every level),
/// so it cannot be changed after creation and two equal configs have the same text and hash.
/// </summary>
public sealed class FrozenConfig : IEquatable<FrozenConfig>
{
    private FrozenConfig(string canonical)
    {
        Json = canonical;
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The canonical JSON text.</summary>
    public string Json { get; }

    /// <summary>SHA-256 of the canonical text, lowercase hex: methods' config_hash.</summary>
    public string Hash { get; }

    public static FrozenConfig Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"config is not valid JSON: {e.Message}");
        }
        if (node is not JsonObject obj)
            throw new FormatException("config must be a JSON object");
        return new FrozenConfig(Canonical(obj)!.ToJsonString());
    }

    /// <summary>A fresh, independent copy to read from: changing it changes nothing here.</summary>
    public JsonObject Read() => JsonNode.Parse(Json)!.AsObject();

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Canonical(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };

    public bool Equals(FrozenConfig? other) => other is not null && Json == other.Json;
    public override bool Equals(object? obj) => Equals(obj as FrozenConfig);
    public override int GetHashCode() => Json.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Json;
}
