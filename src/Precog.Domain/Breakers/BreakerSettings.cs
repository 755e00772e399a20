namespace Precog.Domain.Breakers;

/// <summary>Every threshold of §5.</summary>
public sealed record BreakerSettings
{
    public static readonly BreakerSettings Default = new();

    /// <summary>daily_loss_limit trips when today's loss exceeds this many dollars.</summary>
    public decimal DailyLossLimit { get; init; } = 500m;

    /// <summary>consecutive_losses trips at this many losing closed positions in a row.</summary>
    public int ConsecutiveLosses { get; init; } = 5;

    /// <summary>api_failures trips at this many failed calls within <see cref="ApiFailureWindow"/>.</summary>
    public int ApiFailures { get; init; } = 5;

    public TimeSpan ApiFailureWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>api_failures half-opens this long after it opened.</summary>
    public TimeSpan ApiHalfOpenAfter { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>data_stale trips when a depended-on price is older than this...</summary>
    public TimeSpan PriceMaxAge { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>...or a depended-on game state older than this.</summary>
    public TimeSpan GameStateMaxAge { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the ages of depended-on prices and game states are checked for data_stale.</summary>
    public TimeSpan StaleCheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a node looks at its database for the persistence breaker (a connection and one trivial query).</summary>
    public TimeSpan DatabaseCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>position_limit trips when open positions exceed this.</summary>
    public int MaxOpenPositions { get; init; } = 10;

    /// <summary>
    /// The UTC time of day at which a trading day begins (daily_loss_limit counts per trading day). 09:00 UTC is
    /// 04:00 US Eastern in winter: an evening's games, late ones included, stay in one day.
    /// </summary>
    public TimeSpan TradingDayStartsAt { get; init; } = TimeSpan.FromHours(9);
}
