using Precog.Configuration;
using Precog.Exchanges.Polymarket;

namespace Precog.Host.Tests;

/// <summary><c>precog.polymarket</c>: off by default on Polymarket's own hosts; a token, a Kalshi ticker or a URL that cannot be used is refused by its key.</summary>
public class PolymarketSettingsTests
{
    private const string Token = "71321045679252212594626385532706912750332728571942532289631379312455583992563";

    [Fact]
    public void Shipped_precog_conf_is_off_on_polymarkets_production_hosts_with_no_tokens()
    {
        var polymarket = PolymarketNodeSettings.Load(PrecogConfig.Defaults);

        Assert.False(polymarket.Enabled);
        Assert.Equal(PolymarketClob.Production, polymarket.ClobUrl);
        Assert.Equal(PolymarketStreamSettings.ProductionMarketChannel, polymarket.MarketUrl);
        Assert.Empty(polymarket.Markets);
    }

    [Fact]
    public void A_token_is_read_with_the_game_its_kalshi_ticker_says_and_the_fakes_hosts()
    {
        var polymarket = PolymarketNodeSettings.Load(Compose($$"""
            precog.polymarket {
              enabled = on
              clob-url = "http://127.0.0.1:5000/clob"
              market-url = "ws://127.0.0.1:5000/ws/market"
              markets = [{ token = "{{Token}}", kalshi = "KXNFLGAME-25DEC27BALGB-GB", title = "Ravens vs Packers: Packers" }]
            }
            """));

        Assert.True(polymarket.Enabled);
        Assert.Equal(new Uri("http://127.0.0.1:5000/clob/"), polymarket.ClobUrl); // closed by a slash: the book path resolves under it
        Assert.Equal(new Uri("ws://127.0.0.1:5000/ws/market"), polymarket.MarketUrl);
        var market = Assert.Single(polymarket.Markets);
        Assert.Equal((Token, "Ravens vs Packers: Packers"), (market.Token, market.Title));
        Assert.Equal(("BAL", "GB", "GB", new DateOnly(2025, 12, 27)), (market.Game.Away, market.Game.Home, market.Game.YesTeam, market.Game.Date));
        Assert.Equal("KXNFLGAME-25DEC27BALGB", market.GameEventTicker);
        Assert.Equal(PolymarketClob.Platform, market.Market().Platform);
    }

    [Theory]
    [InlineData("markets = [{ token = \"0x7132\", kalshi = \"KXNFLGAME-25DEC27BALGB-GB\" }]", "precog.polymarket.markets[0].token = '0x7132' is not a Polymarket token id")]
    [InlineData("markets = [{ kalshi = \"KXNFLGAME-25DEC27BALGB-GB\" }]", "precog.polymarket.markets[0].token is missing or empty")]
    [InlineData("markets = [{ token = \"7132\", kalshi = \"KXNFLGAME-25DEC27BALXX-GB\" }]", "precog.polymarket.markets[0].kalshi = 'KXNFLGAME-25DEC27BALXX-GB' is not readable")]
    [InlineData("markets = [{ token = \"7132\", kalshi = \"KXNBAGAME-25DEC27BOSNYK-BOS\" }]", "precog.polymarket.markets[0].kalshi = 'KXNBAGAME-25DEC27BOSNYK-BOS' is not readable")]
    [InlineData("markets = [{ token = \"7132\", kalshi = \"KXNFLGAME-25DEC27BALGB-GB\" }, { token = \"7132\", kalshi = \"KXNFLGAME-25DEC27BALGB-BAL\" }]", "precog.polymarket.markets[1].token = '7132' is listed twice")]
    [InlineData("markets = [{ token = \"7132\", kalshi = \"KXNFLGAME-25DEC27BALGB-GB\", side = \"no\" }]", "precog.polymarket.markets[0].side is not a key of a Polymarket market")]
    [InlineData("markets = [\"7132\"]", "precog.polymarket.markets[0] must be an object")]
    [InlineData("markets = \"7132\"", "precog.polymarket.markets must be a list")]
    [InlineData("clob-url = \"not a url\"", "precog.polymarket.clob-url = 'not a url' is not an absolute http or https URL")]
    [InlineData("clob-url = \"ws://127.0.0.1:5000/\"", "precog.polymarket.clob-url = 'ws://127.0.0.1:5000/' is not an absolute http or https URL")]
    [InlineData("market-url = \"https://127.0.0.1:5000/ws/market\"", "precog.polymarket.market-url = 'https://127.0.0.1:5000/ws/market' is not an absolute ws or wss URL")]
    [InlineData("enabled = on", "precog.polymarket.enabled = on but precog.polymarket.markets is empty")]
    [InlineData("enabled = maybe", "precog.polymarket.enabled = 'maybe' is not on/off")]
    public void A_bad_value_is_refused_with_the_key_named(string hocon, string message)
    {
        var e = Assert.Throws<SettingsException>(() => PolymarketNodeSettings.Load(Compose($"precog.polymarket {{ {hocon} }}")));

        Assert.Contains(message, e.Message);
    }

    private static Akka.Configuration.Config Compose(string hocon) => PrecogConfig.Compose((HoconText.Parse(hocon, "test"), "test"));
}
