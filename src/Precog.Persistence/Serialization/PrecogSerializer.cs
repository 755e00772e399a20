using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Serialization;

namespace Precog.Persistence.Serialization;

/// <summary>
/// Akka serializer for every <see cref="Domain.IPrecogMessage"/>: UTF-8 JSON under the catalog's stable
/// manifest. An unknown manifest or a payload that does not read is a <see cref="SerializationException"/>
/// naming the manifest, never a silent default.
/// </summary>
public sealed class PrecogSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 7101;

    public override int Identifier => Id;

    public override string Manifest(object o) => EventCatalog.ManifestOf(o.GetType());

    public override byte[] ToBinary(object obj) => Write(obj);

    public override object FromBinary(byte[] bytes, string manifest) => Read(bytes, manifest);

    /// <summary>The bytes of one message (also used by tests and tools without an actor system).</summary>
    public static byte[] Write(object message)
    {
        EventCatalog.ManifestOf(message.GetType()); // refuses what the catalog does not know
        return JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), PrecogJson.Options);
    }

    public static object Read(byte[] bytes, string manifest)
    {
        if (!EventCatalog.TryResolve(manifest, out var type, out var legacy))
            throw new SerializationException($"unknown manifest '{manifest}': this build of Precog cannot read it");
        try
        {
            if (legacy is not null)
            {
                var upgraded = legacy.Upgrade(JsonNode.Parse(bytes)!.AsObject());
                return upgraded.Deserialize(type, PrecogJson.Options)!;
            }
            return JsonSerializer.Deserialize(bytes, type, PrecogJson.Options)
                   ?? throw new SerializationException($"manifest '{manifest}': payload is null");
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or NotSupportedException)
        {
            throw new SerializationException($"manifest '{manifest}': payload does not read as {type.Name}: {e.Message} ({Preview(bytes)})", e);
        }
    }

    private static string Preview(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length <= 120 ? text : text[..120] + "…";
    }
}
