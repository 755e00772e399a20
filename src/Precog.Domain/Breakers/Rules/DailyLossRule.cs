using System.Globalization;

namespace Precog.Domain.Breakers.Rules;

/// <summary>
/// Trips when today's realized + unrealized loss exceeds the limit (gains never trip it). Once open it
/// stays open for the rest of the day, even if the loss shrinks; the next trading day (or an operator)
/// closes it. Observations of an earlier day than the one it has seen are ignored.
/// </summary>
public sealed class DailyLossRule : IBreakerRule
{
    public BreakerKind Kind => BreakerKind.DailyLossLimit;

    public BreakerDecision Decide(BreakerState s, BreakerSignal signal, BreakerSettings settings) => signal switch
    {
        TradingDayStarted d => StartDay(s, d.TradingDay, d.At),
        DailyPnlObserved o when s.Memory.TradingDay is { } day && o.TradingDay < day => Move.Stay(s),
        DailyPnlObserved o => Observe(s, o, settings),
        _ => Move.Stay(s),
    };

    private static BreakerDecision StartDay(BreakerState s, DateOnly day, DateTimeOffset at) =>
        s.Memory.TradingDay is { } seen && day <= seen
            ? Move.Stay(s)
            : Move.To(s with { Memory = s.Memory with { TradingDay = day } }, BreakerStatus.Closed, at,
                $"trading day {day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} started");

    private static BreakerDecision Observe(BreakerState s, DailyPnlObserved o, BreakerSettings settings)
    {
        var loss = Math.Max(0m, -o.RealizedPlusUnrealized);
        if (loss <= settings.DailyLossLimit)
            return StartDay(s, o.TradingDay, o.At);
        // Over the limit: open (or stay open) on this day, whatever yesterday's status was.
        return Move.To(s with { Memory = s.Memory with { TradingDay = o.TradingDay } }, BreakerStatus.Open, o.At,
            $"loss today {loss.ToString("0.00", CultureInfo.InvariantCulture)} exceeds {settings.DailyLossLimit.ToString(CultureInfo.InvariantCulture)}");
    }
}
