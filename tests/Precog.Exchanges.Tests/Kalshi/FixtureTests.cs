using System.Text.Json;
using Precog.Domain.Markets;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges.Kalshi;

namespace Precog.Exchanges.Tests.Kalshi;

/// <summary>Every recorded Kalshi answer in ../shared/fixtures/kalshi reads into the port's types, exactly.</summary>
public class FixtureTests
{
    private static string Fixture(string name) => SharedData.Path("fixtures", "kalshi", name);

    private static JsonElement Body(string name, int interaction = 0)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture(name)));
        return doc.RootElement.GetProperty("interactions")[interaction].GetProperty("response").GetProperty("body").Clone();
    }

    /// <summary>What each fixture must read as; a fixture added to the folder without an entry here fails the coverage test.</summary>
    private static readonly Dictionary<string, Action> Checks = new()
    {
        ["kalshi_get_markets.json"] = () =>
        {
            var markets = Body("kalshi_get_markets.json").GetProperty("markets").EnumerateArray().Select(KalshiWire.Market).ToList();
            Assert.Equal(5, markets.Count);
            var gb = markets[0];
            Assert.Equal(("KXNFLGAME-25NOV27GBDET-GB", "KXNFLGAME-25NOV27GBDET", MarketStatus.Open), (gb.Ticker.Value, gb.EventTicker, gb.Status));
            Assert.Equal(new DateTimeOffset(2025, 11, 27, 21, 0, 0, TimeSpan.Zero), gb.ExpectedExpiration);
            Assert.Null(gb.YesSettlement);
            Assert.Equal(["GB", "DET", "KC", "DAL", "CIN"], markets.Select(m => m.Ticker.Value.Split('-')[^1]));
            // the empty book: bid 0, ask 1 exactly
            var first = Body("kalshi_get_markets.json").GetProperty("markets")[0];
            Assert.Equal((0.0000m, 1.0000m), (KalshiNumbers.RequiredPrice(first, "yes_bid").Value, KalshiNumbers.RequiredPrice(first, "yes_ask").Value));
        },
        ["kalshi_order_lifecycle.json"] = () =>
        {
            var market = KalshiWire.Market(Body("kalshi_order_lifecycle.json", 0).GetProperty("markets")[0]);
            Assert.Equal("KXNFLGAME-25DEC27BALGB-GB", market.Ticker.Value);
            Assert.Equal(0.6100m, KalshiNumbers.RequiredPrice(Body("kalshi_order_lifecycle.json", 0).GetProperty("markets")[0], "yes_bid").Value);
            var placed = KalshiWire.Order(Body("kalshi_order_lifecycle.json", 1).GetProperty("order"));
            Assert.Equal((Side.Yes, OrderAction.Buy, 0.0200m), (placed.Side, placed.Action, placed.LimitPrice.Value));
            Assert.Equal((1, 0, 1, OrderStatus.Resting), (placed.Initial.Value, placed.Filled.Value, placed.Remaining.Value, placed.Status));
            Assert.Equal("b9ef0c93-b795-44ff-b0a1-ddc9113a4e01", placed.OrderId);
            Assert.Equal(new DateTimeOffset(2025, 12, 24, 6, 24, 47, TimeSpan.Zero).AddTicks(5923210), placed.Created);
            // "vcr-test-1766557486" is no UUID: a stable name-based id, the same on every read of that order
            Assert.Equal(placed.ClientOrderId, KalshiWire.Order(Body("kalshi_order_lifecycle.json", 2).GetProperty("order")).ClientOrderId);
            Assert.Equal(KalshiWire.ClientOrderIdOf("vcr-test-1766557486", "another order"), placed.ClientOrderId);
            var canceled = KalshiWire.Order(Body("kalshi_order_lifecycle.json", 3).GetProperty("order"));
            Assert.Equal((OrderStatus.Canceled, 0), (canceled.Status, canceled.Remaining.Value));
            Assert.True(canceled.Updated > canceled.Created);
            // the empty-string costs read as zero
            Assert.Equal(Money.Zero, KalshiNumbers.MoneyOrNull(Body("kalshi_order_lifecycle.json", 3).GetProperty("order"), "taker_fill_cost"));
        },
        ["kalshi_get_balance.json"] = () => Assert.Equal(2350.84m, KalshiWire.Balance(Body("kalshi_get_balance.json")).Value),
        ["cli_balance_1000.json"] = () => Assert.Equal(1000.00m, KalshiWire.Balance(Body("cli_balance_1000.json")).Value),
        ["cli_balance_1500.json"] = () => Assert.Equal(1500.00m, KalshiWire.Balance(Body("cli_balance_1500.json")).Value),
        ["kalshi_get_fills.json"] = () =>
        {
            var fill = KalshiWire.Fill(Body("kalshi_get_fills.json").GetProperty("fills")[0]);
            Assert.Equal(("KXALIENS-26", Side.No, OrderAction.Buy, 103, 0.9600m, true), (fill.Ticker.Value, fill.Side, fill.Action, fill.Quantity.Value, fill.Price.Value, fill.IsTaker));
            Assert.Equal(("1f1745ab-6831-701b-e811-42261ae959e6", "8a0790c9-7332-4de7-9b8b-3d918cea00ca"), (fill.TradeId, fill.OrderId));
            Assert.Equal(Money.Zero, fill.Fee); // this recording predates fee_cost
            Assert.Equal(new DateTimeOffset(2025, 10, 25, 2, 18, 39, TimeSpan.Zero).AddTicks(7709990), fill.At);
        },
        ["kalshi_get_positions.json"] = () =>
        {
            var position = KalshiWire.Position(Body("kalshi_get_positions.json").GetProperty("market_positions")[0]);
            Assert.Equal(new ExchangePosition(new MarketTicker("KXALIENS-26"), Side.No, new Quantity(103)), position);
        },
        ["kalshi_get_settlements.json"] = () => Assert.Equal(0, Body("kalshi_get_settlements.json").GetProperty("settlements").GetArrayLength()),
        ["kalshi_get_settlements_limit100.json"] = () => Assert.Equal(0, Body("kalshi_get_settlements_limit100.json").GetProperty("settlements").GetArrayLength()),
        ["cli_settlements_with_data.json"] = () =>
        {
            var s = KalshiWire.Settlement(Body("cli_settlements_with_data.json").GetProperty("settlements")[0]);
            Assert.Equal(("KXNFLGAME-25DEC15CLEKC-KC-YES", "yes", 100.0000m, 1.0000m, 0.7000m),
                (s.Ticker.Value, s.MarketResult, s.Revenue.Value, s.YesValue!.Value.Value, s.Fees.Value));
        },
        ["cli_markets_initial.json"] = () => SubPennyMarkets("cli_markets_initial.json", 0.6250m),
        ["cli_markets_updated.json"] = () => SubPennyMarkets("cli_markets_updated.json", 0.6550m),
    };

    /// <summary>The hand-made variants quote a sub-penny ask next to a truncated integer: the dollar string wins.</summary>
    private static void SubPennyMarkets(string name, decimal kcAsk)
    {
        var raw = Body(name).GetProperty("markets");
        var markets = raw.EnumerateArray().Select(KalshiWire.Market).ToList();
        Assert.Equal(2, markets.Count);
        Assert.All(markets, m => Assert.Equal(MarketStatus.Open, m.Status));
        Assert.Equal("KXNFLGAME", markets[0].SeriesTicker);
        Assert.Equal(kcAsk, KalshiNumbers.RequiredPrice(raw[0], "yes_ask").Value);
    }

    public static TheoryData<string> Files() => new(Checks.Keys);

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_fixture_reads_into_the_port_types_exactly(string file) => Checks[file]();

    [Fact]
    public void Every_fixture_in_the_folder_is_checked()
    {
        var files = Directory.GetFiles(SharedData.Path("fixtures", "kalshi"), "*.json").Select(f => Path.GetFileName(f)!).Order().ToList();
        Assert.Equal(files, Checks.Keys.Order().ToList());
    }

    [Fact]
    public async Task Recorded_portfolio_answers_read_through_the_client_over_http()
    {
        // Given a fake Kalshi answering the recorded bodies
        await using var rig = await KalshiRig.StartAsync();
        rig.Fake.ServeFixture(Fixture("kalshi_get_balance.json"));
        rig.Fake.ServeFixture(Fixture("kalshi_get_positions.json"));
        rig.Fake.ServeFixture(Fixture("kalshi_get_fills.json"));
        rig.Fake.ServeFixture(Fixture("cli_settlements_with_data.json"));

        // When the client reads them, signed, over HTTP
        var balance = await rig.Exchange.GetBalanceAsync(CancellationToken.None);
        var positions = await rig.Exchange.GetPositionsAsync(CancellationToken.None);
        var fills = await rig.Exchange.GetFillsAsync(null, null, CancellationToken.None);
        var settlements = await rig.Exchange.GetSettlementsAsync(CancellationToken.None);

        // Then they are the recorded values
        Assert.Equal(2350.84m, balance.Value);
        Assert.Equal([new ExchangePosition(new MarketTicker("KXALIENS-26"), Side.No, new Quantity(103))], positions);
        Assert.Equal((Side.No, 103, 0.9600m), (fills.Single().Side, fills.Single().Quantity.Value, fills.Single().Price.Value));
        Assert.Equal(100.0000m, settlements.Single().Revenue.Value);
    }

    [Fact]
    public async Task Recorded_markets_list_through_the_client_in_their_recorded_shape()
    {
        await using var rig = await KalshiRig.StartAsync(s => s with { MarketSeries = ["KXNFLGAME"] });
        var tickers = rig.Fake.ListMarketsFromFixture(Fixture("kalshi_get_markets.json"));
        rig.Fake.ListMarketsFromFixture(Fixture("kalshi_order_lifecycle.json"));

        var markets = await rig.Exchange.GetMarketsAsync(CancellationToken.None);

        Assert.Equal(tickers.Append("KXNFLGAME-25DEC27BALGB-GB").Order(), markets.Select(m => m.Ticker.Value).Order());
        Assert.All(markets, m => Assert.Equal(MarketStatus.Open, m.Status));
    }
}
