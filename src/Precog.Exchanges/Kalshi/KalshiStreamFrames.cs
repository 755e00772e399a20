using System.Globalization;
using System.Text.Json;
using Precog.Domain.Markets;
using Precog.Domain.Values;
using static Precog.Exchanges.Kalshi.KalshiNumbers;

namespace Precog.Exchanges.Kalshi;

/// <summary>The envelope of every server frame (PROTOCOLS.md §2.2, §2.4): <c>{id?, type, sid?, seq?, msg}</c>.</summary>
internal readonly record struct KalshiEnvelope(string Type, long? Id, long? Sid, long? Seq, JsonElement Msg);

/// <summary>An <c>orderbook_snapshot</c>: exact sizes by price, each side in its own terms (NO at NO-leg prices).</summary>
internal sealed record KalshiBookSnapshotFrame(string Ticker, IReadOnlyDictionary<decimal, decimal> Yes, IReadOnlyDictionary<decimal, decimal> No);

/// <summary>An <c>orderbook_delta</c>: the signed change of one level's size.</summary>
internal sealed record KalshiBookDeltaFrame(string Ticker, Side Side, decimal Price, decimal Delta, DateTimeOffset? At);

/// <summary>
/// Reads the WebSocket's frames into exact decimals (PROTOCOLS.md §2.4). Every refusal is a
/// <see cref="KalshiFormatException"/> naming the field as <c>msg.price_dollars</c> and the like, so a log line says
/// which field of which frame was wrong.
/// </summary>
internal static class KalshiStreamFrames
{
    public static KalshiEnvelope Envelope(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new KalshiFormatException("(frame)", $"is a {root.ValueKind}, not an object");
        var type = KalshiWire.TextOrNull(root, "type") is { Length: > 0 } t ? t : throw new KalshiFormatException("type", "is missing");
        var msg = root.TryGetProperty("msg", out var m) ? m : default;
        return new KalshiEnvelope(type, WholeOrNull(root, "id"), WholeOrNull(root, "sid"), WholeOrNull(root, "seq"), msg);
    }

    public static KalshiBookSnapshotFrame Snapshot(JsonElement msg) => new(
        Ticker(msg, "market_ticker"), Levels(msg, "yes_dollars_fp"), Levels(msg, "no_dollars_fp"));

    public static KalshiBookDeltaFrame Delta(JsonElement msg)
    {
        var side = Ticker(msg, "side") switch
        {
            "yes" => Side.Yes,
            "no" => Side.No,
            var s => throw new KalshiFormatException("msg.side", $"'{s}' is neither yes nor no"),
        };
        var price = Field(() => ToPrice(Required(msg, "price_dollars"), "price_dollars")).Value;
        return new KalshiBookDeltaFrame(Ticker(msg, "market_ticker"), side, price, Required(msg, "delta_fp"), Millis(msg, "ts_ms"));
    }

    public static TradePrint Trade(JsonElement msg, DateTimeOffset now) => Field(() => new TradePrint(
        KalshiSettings.Platform, new MarketTicker(Ticker(msg, "market_ticker")), Ticker(msg, "trade_id"), RequiredPrice(msg, "yes_price"),
        RequiredQuantity(msg, "count"), SideNames.Parse(OneOf(msg, "taker_outcome_side", "yes", "no")), Millis(msg, "ts_ms") ?? now));

    public static TickerQuote Quote(JsonElement msg, DateTimeOffset now) => Field(() => new TickerQuote(
        KalshiSettings.Platform, new MarketTicker(Ticker(msg, "market_ticker")), PriceOrNull(msg, "yes_bid"), PriceOrNull(msg, "yes_ask"),
        PriceOrNull(msg, "price"), Millis(msg, "ts_ms") ?? now));

    public static FillNotice Fill(JsonElement msg, Func<string, KalshiOrderHint?>? hints) =>
        Field(() => new FillNotice(KalshiSettings.Platform, KalshiWire.Fill(msg, hints)));

    public static OrderNotice Order(JsonElement msg, Func<string, KalshiOrderHint?>? hints) => Field(() =>
    {
        var orderId = KalshiWire.Text(msg, "order_id");
        return new OrderNotice(KalshiSettings.Platform, KalshiWire.Order(msg, hints?.Invoke(orderId)));
    });

    /// <summary>
    /// A <c>market_lifecycle_v2</c> event as the port's lifecycle, or null for the events that change no status
    /// (created, close_date_updated, metadata and price-grid updates). Paused (deactivated) counts as open, as in
    /// <see cref="KalshiWire.MarketStatusOf"/>; determined is closed with its YES payout; settled is settled.
    /// </summary>
    public static MarketLifecycle? Lifecycle(JsonElement msg, DateTimeOffset now) => Field(() =>
    {
        var ticker = new MarketTicker(Ticker(msg, "market_ticker"));
        var at = SecondsOrNull(msg, "determination_ts") ?? SecondsOrNull(msg, "settled_ts") ?? now;
        return Ticker(msg, "event_type") switch
        {
            "activated" or "deactivated" => new MarketLifecycle(KalshiSettings.Platform, ticker, MarketStatus.Open, null, at),
            "determined" => new MarketLifecycle(KalshiSettings.Platform, ticker, MarketStatus.Closed, Payout(msg), at),
            "settled" => new MarketLifecycle(KalshiSettings.Platform, ticker, MarketStatus.Settled, Payout(msg), at),
            "created" or "close_date_updated" or "price_level_structure_updated" or "metadata_updated" => null,
            var other => throw new KalshiFormatException("event_type", $"'{other}' is not a Kalshi lifecycle event"),
        };
    });

    private static Price? Payout(JsonElement msg) => KalshiWire.TextOrNull(msg, "result") switch
    {
        "yes" => Price.One,
        "no" => Price.Zero,
        _ => Decimal(msg, "settlement_value") is { } v ? ToPrice(v, "settlement_value") : null,
    };

    private static Dictionary<decimal, decimal> Levels(JsonElement msg, string field)
    {
        var result = new Dictionary<decimal, decimal>();
        // a side's key is absent when that side is empty (PROTOCOLS.md §2.4)
        if (!msg.TryGetProperty(field, out var levels) || levels.ValueKind == JsonValueKind.Null) return result;
        if (levels.ValueKind != JsonValueKind.Array) throw new KalshiFormatException("msg." + field, "is not a list of [price, count]");
        var i = 0;
        foreach (var level in levels.EnumerateArray())
        {
            var name = $"msg.{field}[{i++}]";
            if (level.ValueKind != JsonValueKind.Array || level.GetArrayLength() != 2 || level[0].ValueKind != JsonValueKind.String || level[1].ValueKind != JsonValueKind.String)
                throw new KalshiFormatException(name, "is not [price string, count string]");
            var price = ToPrice(ParseDecimal(level[0].GetString()!, name), name).Value;
            var size = ParseDecimal(level[1].GetString()!, name);
            if (size < 0) throw new KalshiFormatException(name, $"count {size.ToString(CultureInfo.InvariantCulture)} is negative");
            if (!result.TryAdd(price, size)) throw new KalshiFormatException(name, $"price {price.ToString(CultureInfo.InvariantCulture)} appears twice");
        }
        return result;
    }

    private static decimal Required(JsonElement msg, string field) =>
        Field(() => Decimal(msg, field)) ?? throw new KalshiFormatException("msg." + field, "is missing");

    private static string Ticker(JsonElement msg, string field) =>
        KalshiWire.TextOrNull(msg, field) is { Length: > 0 } s ? s : throw new KalshiFormatException("msg." + field, "is missing or not a string");

    private static string OneOf(JsonElement msg, string field, params string[] allowed)
    {
        var value = Ticker(msg, field);
        return allowed.Contains(value) ? value : throw new KalshiFormatException("msg." + field, $"'{value}' is not one of {string.Join(", ", allowed)}");
    }

    private static DateTimeOffset? Millis(JsonElement msg, string field)
    {
        if (Field(() => Decimal(msg, field)) is not { } ms) return null;
        return ms >= 0 && ms < 253402300800000m && decimal.Truncate(ms) == ms
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms)
            : throw new KalshiFormatException("msg." + field, $"{ms} is not Unix milliseconds");
    }

    private static DateTimeOffset? SecondsOrNull(JsonElement msg, string field) =>
        Decimal(msg, field) is { } s && s >= 0 && s < 253402300800m ? DateTimeOffset.FromUnixTimeSeconds((long)s) : null;

    private static long? WholeOrNull(JsonElement root, string field) =>
        !root.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n
        : throw new KalshiFormatException(field, $"{v.GetRawText()} is not a whole number");

    /// <summary>Runs a read, prefixing the field a <see cref="KalshiFormatException"/> names with <c>msg.</c> (once).</summary>
    private static T Field<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (KalshiFormatException e) when (!e.Field.StartsWith("msg.", StringComparison.Ordinal))
        {
            throw new KalshiFormatException("msg." + e.Field, e.Reason);
        }
        catch (ArgumentException e)
        {
            throw new KalshiFormatException("msg", e.Message);
        }
    }
}
