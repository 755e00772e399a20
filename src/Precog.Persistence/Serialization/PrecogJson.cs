using System.Text.Json;
using System.Text.Json.Serialization;
using Precog.Domain.Values;

namespace Precog.Persistence.Serialization;

/// <summary>
/// The JSON shape of persisted events: snake_case names, enums as snake_case strings, exact decimals,
/// the value types as plain numbers or strings. Computed (read-only) properties are not written. Reading
/// is strict: every constructor parameter must be present, nulls only where the type allows them, and the
/// value types' own range checks apply.
/// </summary>
public static class PrecogJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            IgnoreReadOnlyProperties = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            NumberHandling = JsonNumberHandling.Strict,
            // A missing field or a null where the type says never must fail loudly, not read as a default.
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        o.Converters.Add(new DecimalValue<Price>(p => p.Value, v => new Price(v)));
        o.Converters.Add(new DecimalValue<Probability>(p => p.Value, v => new Probability(v)));
        o.Converters.Add(new DecimalValue<Money>(m => m.Value, v => new Money(v)));
        o.Converters.Add(new QuantityValue());
        o.Converters.Add(new StringValue<MarketTicker>(t => t.Value, s => new MarketTicker(s)));
        o.Converters.Add(new StringValue<PositionId>(p => p.ToString(), s => new PositionId(Guid.Parse(s))));
        o.Converters.Add(new StringValue<ClientOrderId>(c => c.ToString(), s => new ClientOrderId(Guid.Parse(s))));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    private sealed class DecimalValue<T>(Func<T, decimal> get, Func<decimal, T> make) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => make(reader.GetDecimal());
        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteNumberValue(get(value));
    }

    private sealed class QuantityValue : JsonConverter<Quantity>
    {
        public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt32());
        public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
    }

    private sealed class StringValue<T>(Func<T, string> get, Func<string, T> make) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            make(reader.GetString() ?? throw new JsonException($"{typeof(T).Name} must be a string"));
        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(get(value));

        // as dictionary keys too (a message's positions or orders by id)
        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            make(reader.GetString() ?? throw new JsonException($"{typeof(T).Name} must be a string"));
        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(get(value));
    }
}
