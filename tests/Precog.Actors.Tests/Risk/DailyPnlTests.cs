using Precog.Actors.Risk;
using Precog.Domain.Breakers;
using Precog.Domain.Values;

namespace Precog.Actors.Tests.Risk;

public class DailyPnlTests
{
    private static readonly DateOnly Sunday = new(2025, 12, 7);
    private static readonly PositionId A = new(Guid.Parse("00000000-0000-4000-8000-00000000000a"));
    private static readonly PositionId B = new(Guid.Parse("00000000-0000-4000-8000-00000000000b"));

    [Fact]
    public void Today_is_what_was_realized_today_plus_the_open_positions_marks()
    {
        var pnl = DailyPnl.Start(Sunday).Mark(A, new Money(-120m)).Mark(B, new Money(30m)).Released(B, new Money(25m), Sunday);

        Assert.Equal(-95m, pnl.Total);
    }

    [Fact]
    public void A_position_open_across_the_day_boundary_counts_only_what_it_made_since()
    {
        var pnl = DailyPnl.Start(Sunday).Mark(A, new Money(-300m)).Released(B, new Money(-150m), Sunday).Roll(Sunday.AddDays(1));
        Assert.Equal(0m, pnl.Total);

        pnl = pnl.Mark(A, new Money(-340m));
        Assert.Equal(-40m, pnl.Total);
        Assert.Equal(-60m, pnl.Released(A, new Money(-360m), Sunday.AddDays(1)).Total);
    }

    [Theory]
    [InlineData("2025-12-07T08:59:59Z", "2025-12-06")]
    [InlineData("2025-12-07T09:00:00Z", "2025-12-07")]
    [InlineData("2025-12-08T04:30:00Z", "2025-12-07")] // a Sunday-night game ends in Sunday's trading day
    public void A_trading_day_begins_at_the_configured_utc_time(string at, string day)
    {
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture),
            TradingDay.Of(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), BreakerSettings.Default));
        Assert.Equal(new DateTimeOffset(2025, 12, 8, 9, 0, 0, TimeSpan.Zero), TradingDay.NextStart(new DateTimeOffset(2025, 12, 7, 18, 0, 0, TimeSpan.Zero), BreakerSettings.Default));
    }
}
