using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Precog.Domain.Values;

namespace Precog.Domain.Tests.Values;

public class ValueTypeTests
{
    [Theory]
    [InlineData("-0.0001")]
    [InlineData("1.0001")]
    [InlineData("1.5")]
    public void Price_out_of_range_is_refused_with_the_value_named(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        var e = Assert.Throws<DomainValueException>(() => new Price(value));

        Assert.Contains("Price", e.Message);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void Price_with_a_fifth_decimal_place_is_refused()
    {
        var e = Assert.Throws<DomainValueException>(() => new Price(0.12345m));
        Assert.Contains("0.12345", e.Message);
        Assert.Contains("decimal places", e.Message);
    }

    [Fact]
    public void Price_normalizes_to_four_places_so_equal_values_print_alike()
    {
        Assert.Equal("0.6000", new Price(0.6m).ToString());
        Assert.Equal(new Price(0.6m), new Price(0.6000m));
    }

    [Fact]
    public void Yes_and_no_prices_of_a_fill_add_up_to_one()
    {
        Assert.Equal(new Price(0.96m), new Price(0.04m).Complement);
    }

    [Fact]
    public void Probability_from_a_model_is_rounded_to_four_places_and_range_checked()
    {
        Assert.Equal(0.8247m, Probability.FromModel(0.8246512009492516).Value);
        Assert.Throws<ArgumentOutOfRangeException>(() => Probability.FromModel(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Probability.FromModel(1.0000001));
    }

    [Fact]
    public void Negative_quantity_is_refused_with_the_value_named()
    {
        var e = Assert.Throws<DomainValueException>(() => new Quantity(-3));
        Assert.Contains("Quantity -3", e.Message);
    }

    [Fact]
    public void Quantity_subtraction_below_zero_throws_instead_of_going_negative()
    {
        Assert.Throws<DomainValueException>(() => new Quantity(2) - new Quantity(3));
    }

    [Theory]
    [InlineData("0.2769", "0.28")]
    [InlineData("0.28", "0.28")]
    [InlineData("0.0001", "0.01")]
    [InlineData("0", "0")]
    public void Money_ceils_to_the_next_cent(string raw, string expected)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Equal(decimal.Parse(expected, ci), Money.CeilToCent(decimal.Parse(raw, ci)).Value);
    }

    [Fact]
    public void Money_beyond_decimal_10_4_is_refused()
    {
        Assert.Throws<DomainValueException>(() => new Money(1_000_000m));
        Assert.Equal(-12.5m, new Money(-12.5m).Value);
    }

    [Property]
    public Property Every_four_place_value_in_range_is_a_price_that_survives_printing_and_parsing()
    {
        return Prop.ForAll(Gen.Choose(0, 10_000).ToArbitrary(), ticks =>
        {
            var price = new Price(ticks / 10_000m);
            return Price.Parse(price.ToString()) == price && price.Complement.Complement == price;
        });
    }
}
