using System.Globalization;
using System.Text.Json.Nodes;

namespace Precog.Testing.FakeFeeds;

/// <summary>Polymarket CLOB JSON in the wire's shapes (PROTOCOLS.md §4.2, §4.5): prices and sizes as decimal strings.</summary>
public static class PolymarketMessages
{
    /// <summary>A book: the REST answer or, with <paramref name="asMessage"/>, a market-channel <c>book</c> event.</summary>
    public static string Book(string assetId, string market, IEnumerable<(string Price, string Size)> bids, IEnumerable<(string Price, string Size)> asks,
        long timestampMs, bool asMessage = true)
    {
        var book = new JsonObject
        {
            ["market"] = market,
            ["asset_id"] = assetId,
            ["timestamp"] = timestampMs.ToString(CultureInfo.InvariantCulture),
            ["hash"] = "0x" + Math.Abs(HashCode.Combine(assetId, timestampMs)).ToString("x8", CultureInfo.InvariantCulture),
            ["bids"] = Levels(bids),
            ["asks"] = Levels(asks),
            ["tick_size"] = "0.01",
        };
        if (asMessage) book["event_type"] = "book";
        else
        {
            book["min_order_size"] = "5";
            book["neg_risk"] = false;
            book["last_trade_price"] = "0.50";
        }
        return book.ToJsonString();
    }

    /// <summary>A <c>price_change</c> event: each change is a level's new absolute size (0 removes it).</summary>
    public static string PriceChange(string market, long timestampMs, params (string AssetId, string Price, string Size, string Side)[] changes)
    {
        var list = new JsonArray();
        foreach (var c in changes)
        {
            list.Add(new JsonObject
            {
                ["asset_id"] = c.AssetId, ["price"] = c.Price, ["size"] = c.Size, ["side"] = c.Side,
                ["hash"] = "0x00", ["best_bid"] = "0", ["best_ask"] = "1",
            });
        }
        return new JsonObject
        {
            ["event_type"] = "price_change", ["market"] = market,
            ["timestamp"] = timestampMs.ToString(CultureInfo.InvariantCulture), ["price_changes"] = list,
        }.ToJsonString();
    }

    private static JsonArray Levels(IEnumerable<(string Price, string Size)> levels)
    {
        var array = new JsonArray();
        foreach (var (price, size) in levels) array.Add(new JsonObject { ["price"] = price, ["size"] = size });
        return array;
    }
}
