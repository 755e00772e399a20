using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Precog.Domain.Fees;
using Precog.Domain.Values;

namespace Precog.Domain.Tests.Fees;

public class KalshiFeeModelTests
{
    private static readonly KalshiFeeModel Kalshi = KalshiFeeModel.Default;

    [Fact]
    public void Taker_fee_of_103_contracts_at_0_96_is_0_28()
    {
        // 0.07 × 103 × 0.96 × 0.04 = 0.276864 → 0.28
        Assert.Equal(0.28m, Kalshi.Fee(new Quantity(103), new Price(0.96m), Liquidity.Taker).Value);
    }

    [Fact]
    public void Recorded_kalshi_fill_is_charged_as_the_rules_say()
    {
        // Given the real fill recorded from Kalshi's demo API: 103 NO at 0.96, taker.
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.Path("fixtures", "kalshi", "kalshi_get_fills.json")));
        var fill = doc.RootElement.GetProperty("interactions")[0].GetProperty("response").GetProperty("body").GetProperty("fills")[0];
        var count = new Quantity(fill.GetProperty("count").GetInt32());
        var noPrice = new Price(decimal.Parse(fill.GetProperty("no_price_fixed").GetString()!, CultureInfo.InvariantCulture));
        var yesPrice = new Price(decimal.Parse(fill.GetProperty("yes_price_fixed").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal("no", fill.GetProperty("side").GetString());
        Assert.True(fill.GetProperty("is_taker").GetBoolean());

        // When the fee is computed on the side bought
        var fee = Kalshi.Fee(count, noPrice, Liquidity.Taker);

        // Then it is 0.28, the same from either side's price, and the two prices add up to 1
        Assert.Equal(0.28m, fee.Value);
        Assert.Equal(fee, Kalshi.Fee(count, yesPrice, Liquidity.Taker));
        Assert.Equal(noPrice, yesPrice.Complement);
    }

    [Fact]
    public void Maker_fee_uses_the_maker_rate()
    {
        // 0.0175 × 100 × 0.5 × 0.5 = 0.4375 → 0.44
        Assert.Equal(0.44m, Kalshi.Fee(new Quantity(100), Price.Half, Liquidity.Maker).Value);
    }

    [Fact]
    public void Series_multiplier_scales_the_fee_before_rounding()
    {
        var half = new KalshiFeeModel(KalshiFeeSettings.Default with { SeriesMultiplier = 0.5m });
        // 0.035 × 100 × 0.25 = 0.875 → 0.88
        Assert.Equal(0.88m, half.Fee(new Quantity(100), Price.Half, Liquidity.Taker).Value);
    }

    [Fact]
    public void One_contract_pays_at_least_a_cent_at_any_price_strictly_inside_0_1()
    {
        Assert.Equal(0.01m, Kalshi.Fee(new Quantity(1), new Price(0.01m), Liquidity.Taker).Value);
        Assert.Equal(0m, Kalshi.Fee(new Quantity(1), Price.One, Liquidity.Taker).Value);
    }

    [Property]
    public Property Fee_is_symmetric_in_the_price_and_never_more_than_a_cent_above_the_exact_charge()
    {
        var gen = Gen.Choose(0, 100).SelectMany(p => Gen.Choose(0, 5000).Select(c => (p, c)));
        return Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var price = new Price(x.p / 100m);
            var qty = new Quantity(x.c);
            var fee = Kalshi.Fee(qty, price, Liquidity.Taker).Value;
            var exact = 0.07m * x.c * price.Value * (1 - price.Value);
            return fee == Kalshi.Fee(qty, price.Complement, Liquidity.Taker).Value && fee >= exact && fee - exact < 0.01m;
        });
    }

    [Property]
    public Property Fee_never_falls_when_more_contracts_are_bought()
    {
        var gen = Gen.Choose(1, 99).SelectMany(p => Gen.Choose(0, 5000).Select(c => (p, c)));
        return Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var price = new Price(x.p / 100m);
            return Kalshi.Fee(new Quantity(x.c + 1), price, Liquidity.Taker) >= Kalshi.Fee(new Quantity(x.c), price, Liquidity.Taker);
        });
    }
}
