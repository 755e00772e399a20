using System.Text.Json;

namespace Precog.Exchanges.Polymarket;

/// <summary>
/// Polymarket's public CLOB REST API, market data only (<c>GET /book</c>). Trading on Polymarket is NOT
/// supported: no order is ever signed or sent; Precog trades on Kalshi and reads Polymarket's books as a
/// second opinion on price.
/// </summary>
public sealed class PolymarketClob(HttpClient http, Uri baseUrl)
{
    public const string Platform = "polymarket";

    /// <summary>The live production host (PROTOCOLS.md §4.1).</summary>
    public static readonly Uri Production = new("https://clob.polymarket.com/");

    /// <summary>One outcome token's book; an error status or an unreadable body throws, naming the token.</summary>
    public async Task<PolymarketBook> GetBookAsync(string tokenId, CancellationToken ct)
    {
        var url = new Uri(baseUrl, $"book?token_id={Uri.EscapeDataString(tokenId)}");
        using var response = await http.GetAsync(url, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Polymarket book of {tokenId}: HTTP {(int)response.StatusCode}: {Truncate(body)}", null, response.StatusCode);
        try
        {
            using var doc = JsonDocument.Parse(body);
            var book = PolymarketJson.ReadBook(doc.RootElement);
            return book.AssetId == tokenId
                ? book
                : throw new PolymarketFormatException(tokenId, "asset_id", $"is {book.AssetId}, not the token asked for");
        }
        catch (JsonException e)
        {
            throw new PolymarketFormatException(tokenId, "(body)", $"is not JSON: {e.Message}");
        }
    }

    private static string Truncate(string s) => s.Length <= 200 ? s : s[..200] + "…";
}
