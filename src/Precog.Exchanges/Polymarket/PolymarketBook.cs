using System.Globalization;
using System.Text.Json;
using Precog.Domain.Values;

namespace Precog.Exchanges.Polymarket;

/// <summary>A Polymarket message or response that cannot be read: names the asset (token id) and the field.</summary>
public sealed class PolymarketFormatException(string? assetId, string field, string problem)
    : FormatException($"Polymarket asset {assetId ?? "(unknown)"}: {field} {problem}")
{
    public string? AssetId { get; } = assetId;
    public string Field { get; } = field;
}

/// <summary>
/// One outcome token's book as Polymarket sends it (prices and sizes exact, as on the wire): bids and asks of
/// the token, each keyed by price. Polymarket's docs disagree on the order of levels, so order is never trusted.
/// </summary>
public sealed record PolymarketBook(
    string AssetId, string? Market, IReadOnlyDictionary<decimal, decimal> Bids, IReadOnlyDictionary<decimal, decimal> Asks,
    DateTimeOffset? Timestamp, string? Hash)
{
    /// <summary>
    /// The book in Precog's bids-only form with the token as the YES side: YES bids are the token's bids; an
    /// ask at p to sell the token is a bid of 1 − p for its complement, so asks become NO bids. Sizes are cut
    /// to whole shares (Precog trades whole contracts); a level with less than one share is left out.
    /// </summary>
    public OrderBook ToOrderBook(DateTimeOffset at) => new(
        new MarketTicker(AssetId),
        Levels(Bids.Select(l => (Price: new Price(l.Key), l.Value))),
        Levels(Asks.Select(l => (Price: new Price(l.Key).Complement, l.Value))),
        Timestamp ?? at);

    private static List<BookLevel> Levels(IEnumerable<(Price Price, decimal Size)> levels) =>
        levels.Select(l => (l.Price, Whole: WholeShares(l.Size))).Where(l => l.Whole > 0)
            .OrderBy(l => l.Price).Select(l => new BookLevel(l.Price, new Quantity(l.Whole))).ToList();

    /// <summary>Whole shares in a size (cut, never rounded up: a fraction of a share cannot be traded here).</summary>
    public static int WholeShares(decimal size) => size >= int.MaxValue ? int.MaxValue : (int)decimal.Floor(size);
}

/// <summary>One level's new absolute size after a price_change (0 removes the level).</summary>
public sealed record PolymarketPriceChange(string AssetId, string? Market, bool IsBid, decimal Price, decimal Size, DateTimeOffset? Timestamp);

/// <summary>Reads Polymarket's CLOB JSON (PROTOCOLS.md §4.2, §4.5): the REST book and the market channel's book and price_change.</summary>
public static class PolymarketJson
{
    /// <summary>A book object: the REST <c>GET /book</c> answer or a market-channel <c>book</c> message.</summary>
    public static PolymarketBook ReadBook(JsonElement e)
    {
        var asset = Str(e, "asset_id", null, "asset_id");
        return new PolymarketBook(
            asset,
            OptStr(e, "market"),
            Levels(e, asset, "bids", "buys"),
            Levels(e, asset, "asks", "sells"),
            Timestamp(e, asset),
            OptStr(e, "hash"));
    }

    /// <summary>The level changes of a <c>price_change</c> message (format since 2025-09-15).</summary>
    public static IReadOnlyList<PolymarketPriceChange> ReadPriceChanges(JsonElement e)
    {
        var market = OptStr(e, "market");
        if (!e.TryGetProperty("price_changes", out var changes) || changes.ValueKind != JsonValueKind.Array)
            throw new PolymarketFormatException(OptStr(e, "asset_id"), "price_changes", "is missing or not an array");
        var at = Timestamp(e, null);
        var list = new List<PolymarketPriceChange>();
        var i = 0;
        foreach (var c in changes.EnumerateArray())
        {
            var asset = Str(c, "asset_id", null, $"price_changes[{i}].asset_id");
            var side = Str(c, "side", asset, $"price_changes[{i}].side");
            var isBid = side switch
            {
                "BUY" => true,
                "SELL" => false,
                _ => throw new PolymarketFormatException(asset, $"price_changes[{i}].side", $"'{side}' is neither BUY nor SELL"),
            };
            list.Add(new PolymarketPriceChange(asset, market, isBid, PriceOf(c, asset, $"price_changes[{i}].price"), SizeOf(c, asset, $"price_changes[{i}].size"), at));
            i++;
        }
        return list;
    }

    private static Dictionary<decimal, decimal> Levels(JsonElement e, string asset, string name, string olderName)
    {
        if (!e.TryGetProperty(name, out var levels) && !e.TryGetProperty(olderName, out levels))
            throw new PolymarketFormatException(asset, name, "is missing");
        if (levels.ValueKind != JsonValueKind.Array) throw new PolymarketFormatException(asset, name, "is not an array");
        var result = new Dictionary<decimal, decimal>();
        var i = 0;
        foreach (var level in levels.EnumerateArray())
        {
            var price = PriceOf(level, asset, $"{name}[{i}].price");
            var size = SizeOf(level, asset, $"{name}[{i}].size");
            if (!result.TryAdd(price, size)) throw new PolymarketFormatException(asset, $"{name}[{i}].price", $"{price} appears twice");
            i++;
        }
        return result;
    }

    private static decimal PriceOf(JsonElement e, string asset, string field)
    {
        var p = DecimalOf(e, asset, field);
        try
        {
            return new Price(p).Value;
        }
        catch (ArgumentOutOfRangeException x)
        {
            throw new PolymarketFormatException(asset, field, $"is refused: {x.Message}");
        }
    }

    private static decimal SizeOf(JsonElement e, string asset, string field)
    {
        var s = DecimalOf(e, asset, field);
        return s >= 0 ? s : throw new PolymarketFormatException(asset, field, $"{s} is negative");
    }

    private static decimal DecimalOf(JsonElement e, string asset, string field)
    {
        var name = field[(field.LastIndexOf('.') + 1)..];
        var text = e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new PolymarketFormatException(asset, field, text is null ? "is missing or not a decimal string" : $"'{text}' is not a decimal");
    }

    private static DateTimeOffset? Timestamp(JsonElement e, string? asset)
    {
        if (!e.TryGetProperty("timestamp", out var t) || t.ValueKind == JsonValueKind.Null) return null;
        var text = t.ValueKind == JsonValueKind.String ? t.GetString() : t.GetRawText();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms < 253402300800000
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : throw new PolymarketFormatException(asset, "timestamp", $"'{text}' is not Unix milliseconds");
    }

    private static string Str(JsonElement e, string name, string? asset, string field) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new PolymarketFormatException(asset, field, "is missing or not a string");

    private static string? OptStr(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
