using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Precog.Domain.Values;
using Precog.Persistence.Serialization;

namespace Precog.Actors.Serialization;

/// <summary>
/// Akka serializer (id 7102) for the messages of <see cref="MessageCatalog"/>: UTF-8 JSON in the journal's shape
/// (<see cref="PrecogJson"/>), under the catalog's manifest, never a CLR type name. Actor references travel as
/// Akka's serialized paths; a field of an abstract type (a market data event, a breaker signal, a position's last
/// event) as <c>{"manifest": ..., "value": ...}</c> with its value's manifest from this catalog or the event catalog.
/// </summary>
public sealed class MessageSerializer : SerializerWithStringManifest
{
    public const int Id = 7102;

    private readonly JsonSerializerOptions _options;

    public MessageSerializer(ExtendedActorSystem system) : base(system) => _options = Options(system);

    public override int Identifier => Id;

    public override string Manifest(object o) => MessageCatalog.TryManifestOf(o.GetType(), out var m)
        ? m
        : throw new SerializationException($"{o.GetType().FullName} has no manifest in the message catalog: add it to MessageCatalog before sending it across nodes");

    public override byte[] ToBinary(object obj)
    {
        Manifest(obj);
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options);
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!MessageCatalog.TryResolve(manifest, out var type))
            throw new SerializationException($"unknown message manifest '{manifest}': this build of Precog cannot read it");
        try
        {
            return JsonSerializer.Deserialize(bytes, type, _options) ?? throw new SerializationException($"message manifest '{manifest}': payload is null");
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or NotSupportedException or InvalidOperationException)
        {
            throw new SerializationException($"message manifest '{manifest}': payload does not read as {type.Name}: {e.Message}", e);
        }
    }

    /// <summary>The journal's JSON options plus what messages need: fields (tuples), actor references, abstract fields, ticker keys.</summary>
    public static JsonSerializerOptions Options(ExtendedActorSystem system)
    {
        var o = new JsonSerializerOptions(PrecogJson.Options) { IncludeFields = true };
        o.Converters.Insert(0, new TickerKey());
        o.Converters.Insert(0, new BreakerIdAsKey());
        o.Converters.Insert(0, new ActorRefConverter(system));
        o.Converters.Add(new ReadOnlySetFactory());
        o.Converters.Add(new AbstractFieldConverterFactory());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    private sealed class ActorRefConverter(ExtendedActorSystem system) : JsonConverter<IActorRef>
    {
        public override bool CanConvert(Type typeToConvert) => typeof(IActorRef).IsAssignableFrom(typeToConvert);

        public override IActorRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            system.Provider.ResolveActorRef(reader.GetString() ?? throw new JsonException("an actor reference must be a path"));

        public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Akka.Serialization.Serialization.SerializedActorPath(value));
    }

    /// <summary>Tickers as dictionary keys (the reconciler's expected holdings).</summary>
    private sealed class TickerKey : JsonConverter<MarketTicker>
    {
        public override MarketTicker Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(reader.GetString() ?? throw new JsonException("a ticker must be a string"));

        public override void Write(Utf8JsonWriter writer, MarketTicker value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);

        public override MarketTicker ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString()!);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, MarketTicker value, JsonSerializerOptions options) => writer.WritePropertyName(value.Value);
    }

    /// <summary>
    /// Breaker ids: an object as a value (as the journal writes them), "kind|scope" as a dictionary key (the risk
    /// manager's breaker board).
    /// </summary>
    private sealed class BreakerIdAsKey : JsonConverter<Precog.Domain.Breakers.BreakerId>
    {
        private sealed record Shape(Precog.Domain.Breakers.BreakerKind Kind, string Scope);

        public override Precog.Domain.Breakers.BreakerId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<Shape>(ref reader, options) is { } s ? new(s.Kind, s.Scope) : throw new JsonException("a breaker id must be an object");

        public override void Write(Utf8JsonWriter writer, Precog.Domain.Breakers.BreakerId value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, new Shape(value.Kind, value.Scope), options);

        public override Precog.Domain.Breakers.BreakerId ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString()!;
            try
            {
                return Hosting.EntityIds.ParseBreaker(text);
            }
            catch (ArgumentException e)
            {
                throw new JsonException(e.Message);
            }
        }

        public override void WriteAsPropertyName(Utf8JsonWriter writer, Precog.Domain.Breakers.BreakerId value, JsonSerializerOptions options) =>
            writer.WritePropertyName(Hosting.EntityIds.Breaker(value));
    }

    /// <summary>Read-only sets (the reconciler's expected orders) read back as hash sets.</summary>
    private sealed class ReadOnlySetFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlySet<>);

        public override JsonConverter CreateConverter(Type t, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(ReadOnlySet<>).MakeGenericType(t.GetGenericArguments()[0]))!;
    }

    private sealed class ReadOnlySet<T> : JsonConverter<IReadOnlySet<T>>
    {
        public override IReadOnlySet<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<HashSet<T>>(ref reader, options) ?? throw new JsonException("a set must not be null");

        public override void Write(Utf8JsonWriter writer, IReadOnlySet<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToArray(), options);
    }

    /// <summary>Fields of an abstract type or interface whose values have manifests: written with the value's manifest.</summary>
    private sealed class AbstractFieldConverterFactory : JsonConverterFactory
    {
        private static readonly Type[] Known = [.. MessageCatalog.Types, .. EventCatalog.Types];

        public override bool CanConvert(Type t) =>
            (t.IsAbstract || t.IsInterface) && !typeof(IActorRef).IsAssignableFrom(t) && !t.IsGenericType && Known.Any(k => k != t && t.IsAssignableFrom(k));

        public override JsonConverter CreateConverter(Type t, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(AbstractField<>).MakeGenericType(t))!;
    }

    private sealed class AbstractField<T> : JsonConverter<T> where T : class
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            var manifest = doc.RootElement.GetProperty("manifest").GetString() ?? throw new JsonException("manifest missing");
            if (!MessageCatalog.TryResolve(manifest, out var type) && !EventCatalog.TryResolve(manifest, out type, out _))
                throw new JsonException($"unknown manifest '{manifest}' in a field of type {typeof(T).Name}");
            return (T)(doc.RootElement.GetProperty("value").Deserialize(type, options) ?? throw new JsonException($"null {manifest}"));
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            var type = value.GetType();
            var manifest = MessageCatalog.TryManifestOf(type, out var m) ? m : EventCatalog.ManifestOf(type);
            writer.WriteStartObject();
            writer.WriteString("manifest", manifest);
            writer.WritePropertyName("value");
            JsonSerializer.Serialize(writer, value, type, options);
            writer.WriteEndObject();
        }
    }
}

/// <summary>
/// Bound to System.Object in place of Akka's default (Newtonsoft with CLR type names): a message that would cross
/// nodes without a manifest of ours fails here, naming its type, instead of going out silently in another format.
/// </summary>
public sealed class TripwireSerializer(ExtendedActorSystem system) : Serializer(system)
{
    public const int Id = 7103;

    /// <summary>The words every refusal starts with: what a test or an operator searches the logs for.</summary>
    public const string Refusal = "no Precog serializer for";

    public override int Identifier => Id;

    public override bool IncludeManifest => true;

    public override byte[] ToBinary(object obj) =>
        throw new SerializationException($"{Refusal} {obj.GetType().FullName}: add it to MessageCatalog (or EventCatalog) before it crosses nodes");

    public override object FromBinary(byte[] bytes, Type? type) =>
        throw new SerializationException($"{Refusal} {type?.FullName ?? "an unnamed type"}: this node refuses Akka's default serializer");
}
