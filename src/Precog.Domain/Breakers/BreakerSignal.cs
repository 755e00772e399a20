namespace Precog.Domain.Breakers;

/// <summary>Something a breaker's rule may react to. Time always comes with the signal.</summary>
public abstract record BreakerSignal(DateTimeOffset At);

/// <summary>Today's realized plus unrealized P&amp;L (a loss is negative).</summary>
public sealed record DailyPnlObserved(DateTimeOffset At, DateOnly TradingDay, decimal RealizedPlusUnrealized) : BreakerSignal(At);

/// <summary>A new trading day began: the daily-loss breaker resets.</summary>
public sealed record TradingDayStarted(DateTimeOffset At, DateOnly TradingDay) : BreakerSignal(At);

/// <summary>A position closed with this realized P&amp;L.</summary>
public sealed record ClosedPositionObserved(DateTimeOffset At, decimal RealizedPnl) : BreakerSignal(At);

public sealed record ApiCallFailed(DateTimeOffset At, string Reason) : BreakerSignal(At);

public sealed record ApiCallSucceeded(DateTimeOffset At) : BreakerSignal(At);

/// <summary>
/// Ages of a feed's newest price and game state, and whether a position or candidate depends on it;
/// <paramref name="StreamStalled"/>: the feed's stream itself reports a depended-on market stalled (no data at all for its
/// silence limit), so its price is unknown whatever its age says.
/// </summary>
public sealed record FeedAgeObserved(DateTimeOffset At, TimeSpan? PriceAge, TimeSpan? GameStateAge, bool Depended, bool StreamStalled = false) : BreakerSignal(At);

public sealed record OpenPositionsObserved(DateTimeOffset At, int OpenPositions) : BreakerSignal(At);

public sealed record JournalWriteFailed(DateTimeOffset At, string Reason) : BreakerSignal(At);

public sealed record JournalWriteSucceeded(DateTimeOffset At) : BreakerSignal(At);

/// <summary>Time passing: lets a breaker half-open on schedule without any other signal.</summary>
public sealed record ClockTicked(DateTimeOffset At) : BreakerSignal(At);

/// <summary>An operator trips a breaker (any breaker: the override always works).</summary>
public sealed record ManualTrip(DateTimeOffset At, string Operator, string Reason) : BreakerSignal(At);

/// <summary>An operator resets a breaker.</summary>
public sealed record ManualReset(DateTimeOffset At, string Operator, string Reason) : BreakerSignal(At);
