using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Precog.Exchanges.Kalshi;

namespace Precog.Exchanges.Tests.Kalshi;

public class NumberStyleTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    /// <summary>Prices on the 0.0001 grid of [0, 1], as Kalshi's sub-penny markets quote them.</summary>
    private static Arbitrary<decimal> Prices() => Gen.Choose(0, 10_000).Select(n => n / 10_000m).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property A_price_reads_the_same_from_a_dollar_string_a_fixed_string_and_whole_cents() =>
        Prop.ForAll(Prices(), price =>
        {
            var dollars = KalshiNumbers.RequiredPrice(Json($$"""{"yes_bid_dollars":"{{KalshiNumbers.FormatDollars(price)}}"}"""), "yes_bid").Value;
            var fixedPoint = KalshiNumbers.RequiredPrice(Json($$"""{"yes_bid_fixed":"{{KalshiNumbers.FormatDollars(price)}}"}"""), "yes_bid").Value;
            var isWholeCent = decimal.Round(price, 2) == price;
            var cents = isWholeCent
                ? KalshiNumbers.RequiredPrice(Json($$"""{"yes_bid":{{(int)(price * 100)}}}"""), "yes_bid").Value
                : price;
            return dollars == price && fixedPoint == price && cents == price;
        });

    [Property(MaxTest = 300)]
    public Property A_count_reads_the_same_from_an_fp_string_and_an_integer() =>
        Prop.ForAll(Gen.Choose(0, 1_000_000).ToArbitrary(), count =>
        {
            var fp = KalshiNumbers.RequiredQuantity(Json($$"""{"count_fp":"{{KalshiNumbers.FormatCount(count)}}"}"""), "count").Value;
            var integer = KalshiNumbers.RequiredQuantity(Json($$"""{"count":{{count}}}"""), "count").Value;
            return fp == count && integer == count;
        });

    [Property(MaxTest = 200)]
    public Property Money_reads_the_same_from_dollars_and_from_cents() =>
        Prop.ForAll(Gen.Choose(-9_999_999, 9_999_999).ToArbitrary(), cents =>
        {
            var value = cents / 100m;
            var fromDollars = KalshiNumbers.MoneyOrNull(Json($$"""{"balance_dollars":"{{KalshiNumbers.FormatDollars(value)}}"}"""), "balance")!.Value.Value;
            var fromCents = KalshiNumbers.MoneyOrNull(Json($$"""{"balance":{{cents}}}"""), "balance")!.Value.Value;
            return fromDollars == value && fromCents == value;
        });

    [Fact]
    public void A_dollar_string_wins_over_the_truncated_integer_beside_it() =>
        Assert.Equal(0.6250m, KalshiNumbers.RequiredPrice(Json("""{"yes_ask":62,"yes_ask_dollars":"0.6250"}"""), "yes_ask").Value);

    [Fact]
    public void An_empty_string_is_zero() =>
        Assert.Equal(0m, KalshiNumbers.MoneyOrNull(Json("""{"maker_fill_cost_dollars":""}"""), "maker_fill_cost")!.Value.Value);

    [Theory]
    [InlineData("""{"yes_price_dollars":"1.0100"}""", "yes_price", "yes_price_dollars", "outside [0, 1]")]
    [InlineData("""{"yes_price_dollars":"-0.0100"}""", "yes_price", "yes_price_dollars", "outside [0, 1]")]
    [InlineData("""{"yes_price":101}""", "yes_price", "yes_price", "outside [0, 1]")]
    [InlineData("""{"yes_price_dollars":"0.12345"}""", "yes_price", "yes_price_dollars", "more than four decimal places")]
    [InlineData("""{"yes_price_dollars":"abc"}""", "yes_price", "yes_price_dollars", "not a decimal number")]
    public void A_price_that_is_no_price_is_refused_naming_its_field(string json, string name, string field, string reason)
    {
        var e = Assert.Throws<KalshiFormatException>(() => KalshiNumbers.RequiredPrice(Json(json), name));
        Assert.Equal(field, e.Field);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"fill_count_fp":"-1.00"}""", "fill_count_fp", "negative")]
    [InlineData("""{"fill_count":-3}""", "fill_count", "negative")]
    [InlineData("""{"fill_count_fp":"2.50"}""", "fill_count_fp", "not a whole number")]
    public void A_count_that_is_no_count_is_refused_naming_its_field(string json, string field, string reason)
    {
        var e = Assert.Throws<KalshiFormatException>(() => KalshiNumbers.RequiredQuantity(Json(json), "fill_count"));
        Assert.Equal(field, e.Field);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_answer_reaches_the_caller_as_a_typed_error_naming_the_field()
    {
        await using var rig = await KalshiRig.StartAsync();
        rig.Fake.Reply("GET", "/portfolio/balance", System.Net.HttpStatusCode.OK, """{"balance_dollars":"12.345678"}""");

        var e = await Assert.ThrowsAsync<ExchangeMalformedResponseException>(() => rig.Exchange.GetBalanceAsync(CancellationToken.None));

        Assert.Equal("balance_dollars", e.Field);
        Assert.Equal("GetBalance", e.Operation);
    }
}
