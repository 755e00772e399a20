using Akka.Configuration;
using Precog.Configuration;
using Precog.Domain.Markets;
using Precog.Domain.Values;
using Precog.Exchanges;
using Precog.Exchanges.Espn;
using Precog.Exchanges.Polymarket;

namespace Precog.Host;

/// <summary>
/// One Polymarket outcome token a Kalshi node follows for its price: <paramref name="Token"/> is the YES side of a
/// market equivalent to the Kalshi game market <paramref name="Game"/> reads (its teams, date and YES team), so the
/// model prices it on the same game.
/// </summary>
public sealed record PolymarketToken(string Token, GameTicker Game, string Title)
{
    /// <summary>The event ticker of the Kalshi game the token is about: the game a market of it is priced on until ESPN shows it.</summary>
    public string GameEventTicker => Game.Ticker.Value[..Game.Ticker.Value.LastIndexOf('-')];

    /// <summary>The token as a market of the engine (its own event: Polymarket's market of the token, not Kalshi's event).</summary>
    public ExchangeMarket Market() => new(PolymarketClob.Platform, new MarketTicker(Token), Token, null, Title, MarketStatus.Open, null, null);
}

/// <summary>
/// Polymarket market data on a Kalshi node (<c>precog.polymarket</c>, hocon/precog.conf): the configured tokens' CLOB
/// books, read once over REST and then followed on the market channel, listed as markets of platform
/// <see cref="PolymarketClob.Platform"/> linked to their Kalshi game, so their quotes and edges are a second opinion on
/// price. Market data only: nothing is ever traded on Polymarket. Off by default; a single node's (refused with --cluster).
/// </summary>
public sealed record PolymarketNodeSettings(bool Enabled, Uri ClobUrl, Uri MarketUrl, IReadOnlyList<PolymarketToken> Markets)
{
    public const string Section = "precog.polymarket";

    private const string Example = "[{ token = \"7132...\", kalshi = \"KXNFLGAME-25DEC27BALGB-GB\", title = \"Ravens vs Packers: Packers\" }]";

    public static readonly PolymarketNodeSettings Disabled = new(false, PolymarketClob.Production, PolymarketStreamSettings.ProductionMarketChannel, []);

    /// <summary>Binds the section; every refusal is a <see cref="SettingsException"/> naming the key.</summary>
    public static PolymarketNodeSettings Load(Config config)
    {
        var r = new SettingsReader(config, Section);
        var enabled = r.Bool("enabled");
        var clob = Url(r, "clob-url", PolymarketClob.Production, Uri.UriSchemeHttp, Uri.UriSchemeHttps);
        // the REST client resolves "book?token_id=" against the base: a base without its closing slash would lose its last segment
        if (!clob.AbsolutePath.EndsWith('/')) clob = new Uri(clob.AbsoluteUri + "/");
        var channel = Url(r, "market-url", PolymarketStreamSettings.ProductionMarketChannel, Uri.UriSchemeWs, Uri.UriSchemeWss);
        var markets = new List<PolymarketToken>();
        var items = r.ObjectList("markets", Example);
        for (var i = 0; i < items.Count; i++)
        {
            var key = $"{r.Key("markets")}[{i}]";
            var token = Field(items[i], key, "token");
            if (token.Length > 78 || !token.All(char.IsAsciiDigit))
                throw new SettingsException($"{key}.token = '{token}' is not a Polymarket token id (a decimal number of up to 78 digits)");
            if (markets.Any(m => m.Token == token)) throw new SettingsException($"{key}.token = '{token}' is listed twice");
            var kalshi = Field(items[i], key, "kalshi");
            var read = KalshiGameLinker.Read(new MarketTicker(kalshi));
            if (read.Game is not { } game) throw new SettingsException($"{key}.kalshi = '{kalshi}' is not readable: {read.Refusal}");
            var title = items[i].TryGetValue("title", out var t) && t.Length > 0 ? t : $"Polymarket {token} ({kalshi})";
            foreach (var unknown in items[i].Keys.Except(["token", "kalshi", "title"]))
                throw new SettingsException($"{key}.{unknown} is not a key of a Polymarket market (token, kalshi, title)");
            markets.Add(new PolymarketToken(token, game, title));
        }
        if (enabled && markets.Count == 0)
            throw new SettingsException($"{r.Key("enabled")} = on but {r.Key("markets")} is empty: name the tokens to follow, e.g. {Example}");
        return new PolymarketNodeSettings(enabled, clob, channel, markets);
    }

    public string Describe() => Enabled
        ? $"Polymarket market data (never traded) of {Markets.Count} token(s) from {ClobUrl} and {MarketUrl}"
        : "no Polymarket market data (precog.polymarket.enabled = off)";

    private static string Field(IReadOnlyDictionary<string, string> item, string key, string name) =>
        item.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new SettingsException($"{key}.{name} is missing or empty");

    private static Uri Url(SettingsReader r, string name, Uri fallback, params string[] schemes)
    {
        var text = r.Text(name);
        if (text.Length == 0) return fallback;
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && schemes.Contains(url.Scheme)
            ? url
            : throw new SettingsException($"{r.Key(name)} = '{text}' is not an absolute {string.Join(" or ", schemes)} URL");
    }
}
