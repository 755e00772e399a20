using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Precog.Domain.Markets;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using static Precog.Exchanges.Kalshi.KalshiNumbers;

namespace Precog.Exchanges.Kalshi;

/// <summary>What we asked for an order, when we did: tells buy from sell where Kalshi's V2 fields cannot.</summary>
public readonly record struct KalshiOrderHint(Side Side, OrderAction Action);

/// <summary>
/// Kalshi's JSON read into the port's types (PROTOCOLS.md §1.5), in every shape recorded or documented: the current
/// <c>*_dollars</c>/<c>*_fp</c> fields first, then the legacy integers. Every value goes through
/// <see cref="KalshiNumbers"/>, so a price outside [0, 1] or a negative count is a <see cref="KalshiFormatException"/>
/// naming its field.
/// </summary>
public static class KalshiWire
{
    public static ExchangeMarket Market(JsonElement m) => new(
        KalshiSettings.Platform,
        new MarketTicker(Text(m, "ticker")),
        Text(m, "event_ticker"),
        TextOrNull(m, "series_ticker"),
        TextOrNull(m, "title") ?? Text(m, "ticker"),
        MarketStatusOf(Text(m, "status")),
        TimeOrNull(m, "expected_expiration_time"),
        YesSettlement(m));

    /// <summary>
    /// Kalshi's statuses on the port's three. Not yet open (initialized, unopened) and paused (inactive) count as Open:
    /// listed and going to trade, and an order sent meanwhile is refused (MARKET_INACTIVE) like any other refusal.
    /// </summary>
    public static MarketStatus MarketStatusOf(string status) => status switch
    {
        "active" or "open" or "initialized" or "unopened" or "inactive" or "paused" => MarketStatus.Open,
        "closed" or "determined" or "disputed" or "amended" => MarketStatus.Closed,
        "finalized" or "settled" => MarketStatus.Settled,
        _ => throw new KalshiFormatException("status", $"'{status}' is not a Kalshi market status"),
    };

    /// <summary>The YES payout once a market is determined: 1 for yes, 0 for no, the settlement value for scalar.</summary>
    private static Price? YesSettlement(JsonElement m) => TextOrNull(m, "result") switch
    {
        "yes" => Price.One,
        "no" => Price.Zero,
        "scalar" => PriceOrNull(m, "settlement_value"),
        _ => null,
    };

    /// <summary>
    /// <c>{orderbook_fp: {yes_dollars, no_dollars}}</c>, or the legacy <c>{orderbook: {yes, no}}</c> in cents; bids
    /// only, sorted so the best is last whatever order they came in; a null or absent side is empty.
    /// </summary>
    public static OrderBook Book(MarketTicker ticker, JsonElement body, DateTimeOffset at)
    {
        if (body.TryGetProperty("orderbook_fp", out var fp) && fp.ValueKind == JsonValueKind.Object)
            return new OrderBook(ticker, Levels(fp, "yes_dollars", cents: false), Levels(fp, "no_dollars", cents: false), at);
        if (body.TryGetProperty("orderbook", out var legacy) && legacy.ValueKind == JsonValueKind.Object)
            return legacy.TryGetProperty("yes_dollars", out _) || legacy.TryGetProperty("no_dollars", out _)
                ? new OrderBook(ticker, Levels(legacy, "yes_dollars", cents: false), Levels(legacy, "no_dollars", cents: false), at)
                : new OrderBook(ticker, Levels(legacy, "yes", cents: true), Levels(legacy, "no", cents: true), at);
        throw new KalshiFormatException("orderbook_fp", "is missing");
    }

    private static IReadOnlyList<BookLevel> Levels(JsonElement book, string field, bool cents)
    {
        if (!book.TryGetProperty(field, out var levels) || levels.ValueKind == JsonValueKind.Null) return [];
        if (levels.ValueKind != JsonValueKind.Array) throw new KalshiFormatException(field, "is not a list of [price, count]");
        var list = new List<BookLevel>();
        foreach (var level in levels.EnumerateArray())
        {
            if (level.ValueKind != JsonValueKind.Array || level.GetArrayLength() != 2) throw new KalshiFormatException(field, "holds a level that is not [price, count]");
            var price = Scalar(level[0], field);
            var count = Scalar(level[1], field);
            var size = ToQuantity(count, field);
            if (!size.IsZero) list.Add(new BookLevel(ToPrice(cents ? price / 100m : price, field), size));
        }
        list.Sort((a, b) => a.Price.CompareTo(b.Price));
        return list;
    }

    private static decimal Scalar(JsonElement v, string field) => v.ValueKind switch
    {
        JsonValueKind.String => ParseDecimal(v.GetString()!, field),
        JsonValueKind.Number => v.GetDecimal(),
        _ => throw new KalshiFormatException(field, $"holds {v.ValueKind}, not a number"),
    };

    /// <summary>
    /// An order object (legacy or V2) in the held side's terms. Direction comes from the deprecated side/action when
    /// present; else from what we asked (<paramref name="hint"/>); else outcome_side is taken as bought, since V2's
    /// outcome_side/book_side cannot tell buy-YES from sell-NO.
    /// </summary>
    public static OrderState Order(JsonElement o, KalshiOrderHint? hint = null)
    {
        var orderId = Text(o, "order_id");
        var (side, action) = Direction(o, hint);
        var yes = PriceOrNull(o, "yes_price");
        var no = PriceOrNull(o, "no_price");
        var limit = side == Side.Yes ? yes ?? no?.Complement : no ?? yes?.Complement;
        var initial = RequiredQuantity(o, "initial_count");
        var filled = QuantityOrNull(o, "fill_count") ?? Quantity.Zero;
        var remaining = QuantityOrNull(o, "remaining_count") ?? Quantity.Zero;
        var created = TimeOrNull(o, "created_time") ?? MillisOrNull(o, "created_ts_ms") ?? DateTimeOffset.UnixEpoch;
        var updated = TimeOrNull(o, "last_update_time") ?? MillisOrNull(o, "last_updated_ts_ms") ?? created;
        return new OrderState(
            orderId, ClientOrderIdOf(TextOrNull(o, "client_order_id"), orderId), new MarketTicker(Text(o, "ticker")), side, action,
            limit ?? throw new KalshiFormatException("yes_price_dollars", "is missing"),
            initial, filled, remaining, OrderStatusOf(Text(o, "status")), created, updated);
    }

    public static OrderStatus OrderStatusOf(string status) => status switch
    {
        "resting" => OrderStatus.Resting,
        "canceled" or "cancelled" => OrderStatus.Canceled,
        "executed" => OrderStatus.Executed,
        _ => throw new KalshiFormatException("status", $"'{status}' is not a Kalshi order status"),
    };

    /// <summary>
    /// A fill in the held side's terms: its price is that side's (a NO fill at yes 0.04 is 0.96). <c>fee_cost</c> is the
    /// fee when given; the recorded fills before it existed carry none, read as zero.
    /// </summary>
    public static ExchangeFill Fill(JsonElement f, Func<string, KalshiOrderHint?>? hintOfOrder = null)
    {
        var orderId = Text(f, "order_id");
        var (side, action) = Direction(f, hintOfOrder?.Invoke(orderId));
        var yes = PriceOrNull(f, "yes_price");
        var no = PriceOrNull(f, "no_price");
        var price = side == Side.Yes ? yes ?? no?.Complement : no ?? yes?.Complement;
        var at = TimeOrNull(f, "created_time") ?? MillisOrNull(f, "ts_ms")
                 ?? (Decimal(f, "ts") is { } s ? DateTimeOffset.FromUnixTimeSeconds((long)s) : DateTimeOffset.UnixEpoch);
        return new ExchangeFill(
            FirstText(f, "trade_id", "fill_id"), orderId, new MarketTicker(FirstText(f, "ticker", "market_ticker")),
            side, action, RequiredQuantity(f, "count"), price ?? throw new KalshiFormatException("yes_price_dollars", "is missing"),
            FeeOf(f), Bool(f, "is_taker"), at);
    }

    /// <summary><c>fee_cost</c> is a dollar string (PROTOCOLS §1.5) though its name has no <c>_dollars</c>.</summary>
    private static Money FeeOf(JsonElement f) =>
        Decimal(f, "fee_cost") is { } fee ? ToMoney(fee, "fee_cost") : MoneyOrNull(f, "fees") ?? Money.Zero;

    /// <summary>A market position: positive <c>position_fp</c> holds YES, negative holds NO; null when flat.</summary>
    public static ExchangePosition? Position(JsonElement p)
    {
        var (value, field) = SignedCount(p, "position") ?? throw new KalshiFormatException("position_fp", "is missing");
        if (value == 0m) return null;
        return new ExchangePosition(new MarketTicker(Text(p, "ticker")), value > 0 ? Side.Yes : Side.No, ToQuantity(Math.Abs(value), field));
    }

    /// <summary><c>balance_dollars</c> (exact) when given, else the integer cents of <c>balance</c>.</summary>
    public static Money Balance(JsonElement body) =>
        MoneyOrNull(body, "balance") ?? throw new KalshiFormatException("balance", "is missing");

    public static ExchangeStatus Status(JsonElement body) => new(Bool(body, "exchange_active"), Bool(body, "trading_active"));

    public static KalshiEvent Event(JsonElement e, JsonElement? siblingMarkets = null)
    {
        var markets = new List<ExchangeMarket>();
        if (e.TryGetProperty("markets", out var nested) && nested.ValueKind == JsonValueKind.Array)
            markets.AddRange(nested.EnumerateArray().Select(Market));
        if (siblingMarkets is { ValueKind: JsonValueKind.Array } sibling)
            markets.AddRange(sibling.EnumerateArray().Select(Market));
        return new KalshiEvent(
            Text(e, "event_ticker"), Text(e, "series_ticker"), TextOrNull(e, "title") ?? "", TextOrNull(e, "sub_title"),
            e.TryGetProperty("mutually_exclusive", out var me) && me.ValueKind == JsonValueKind.True, markets);
    }

    /// <summary>A series; <c>fee_multiplier</c> is a JSON number (a double in Kalshi's schema) read exactly from its text.</summary>
    public static KalshiSeries Series(JsonElement s) => new(
        Text(s, "ticker"), TextOrNull(s, "title") ?? "", TextOrNull(s, "category"), TextOrNull(s, "frequency"), TextOrNull(s, "fee_type"),
        Decimal(s, "fee_multiplier") ?? 1m);

    public static KalshiSettlement Settlement(JsonElement s) => new(
        new MarketTicker(Text(s, "ticker")),
        Text(s, "market_result"),
        MoneyOrNull(s, "revenue") ?? Money.Zero,
        PriceOrNull(s, "settlement_value") ?? PriceOrNull(s, "value"),
        (Decimal(s, "fee_cost") is { } fee ? ToMoney(fee, "fee_cost") : (Money?)null) ?? MoneyOrNull(s, "total_fees") ?? Money.Zero,
        QuantityOrNull(s, "yes_count") ?? Quantity.Zero,
        QuantityOrNull(s, "no_count") ?? Quantity.Zero,
        TimeOrNull(s, "settled_time") ?? DateTimeOffset.UnixEpoch);

    /// <summary>
    /// Our client order ids are UUIDs. An order placed by another tool may carry any string (the recording's
    /// "vcr-test-1766557486") or none: it gets a name-based UUID of that string (or of its order id), stable across
    /// reads and never one of ours.
    /// </summary>
    public static ClientOrderId ClientOrderIdOf(string? wire, string orderId)
    {
        if (Guid.TryParseExact(wire, "D", out var guid)) return new ClientOrderId(guid);
        var name = string.IsNullOrEmpty(wire) ? "kalshi-order:" + orderId : "kalshi-client-order:" + wire;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8 (custom), RFC 9562
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new ClientOrderId(new Guid(hash.AsSpan(0, 16), bigEndian: true));
    }

    private static (Side, OrderAction) Direction(JsonElement o, KalshiOrderHint? hint)
    {
        var side = TextOrNull(o, "side");
        var action = TextOrNull(o, "action");
        if (side is "yes" or "no" && action is "buy" or "sell")
            return (SideNames.Parse(side), action == "buy" ? OrderAction.Buy : OrderAction.Sell);
        if (hint is { } h) return (h.Side, h.Action);
        var outcome = TextOrNull(o, "outcome_side") ?? side
                      ?? throw new KalshiFormatException("outcome_side", "is missing");
        return outcome is "yes" or "no"
            ? (SideNames.Parse(outcome), OrderAction.Buy)
            : throw new KalshiFormatException("outcome_side", $"'{outcome}' is neither yes nor no");
    }

    /// <summary>The first of two spellings that holds a non-empty string (an empty one is no id); missing, it names the second.</summary>
    internal static string FirstText(JsonElement o, string field, string otherwise) =>
        TextOrNull(o, field) is { Length: > 0 } s ? s : Text(o, otherwise);

    /// <summary>The object a single answer wraps (<c>{"order": {...}}</c>), or a format error naming it.</summary>
    public static JsonElement Member(JsonElement body, string field) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Object
            ? v
            : throw new KalshiFormatException(field, "is missing or not an object");

    internal static string Text(JsonElement o, string field) =>
        TextOrNull(o, field) is { Length: > 0 } s ? s : throw new KalshiFormatException(field, "is missing");

    internal static string? TextOrNull(JsonElement o, string field) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Bool(JsonElement o, string field) =>
        o.TryGetProperty(field, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean()
            : throw new KalshiFormatException(field, "is missing or not true/false");

    internal static DateTimeOffset? TimeOrNull(JsonElement o, string field)
    {
        if (TextOrNull(o, field) is not { Length: > 0 } text) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new KalshiFormatException(field, $"'{text}' is not an RFC3339 time");
    }

    internal static DateTimeOffset? MillisOrNull(JsonElement o, string field) =>
        Decimal(o, field) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : null;
}
