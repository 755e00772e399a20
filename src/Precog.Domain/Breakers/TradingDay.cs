namespace Precog.Domain.Breakers;

/// <summary>The trading day an instant belongs to: days begin at <see cref="BreakerSettings.TradingDayStartsAt"/> UTC.</summary>
public static class TradingDay
{
    public static DateOnly Of(DateTimeOffset at, BreakerSettings settings) =>
        DateOnly.FromDateTime((at.ToUniversalTime() - settings.TradingDayStartsAt).UtcDateTime);

    /// <summary>When the trading day after the one <paramref name="at"/> belongs to begins.</summary>
    public static DateTimeOffset NextStart(DateTimeOffset at, BreakerSettings settings)
    {
        var day = Of(at, settings);
        return new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + settings.TradingDayStartsAt;
    }
}
