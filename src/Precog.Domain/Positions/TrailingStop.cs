using Precog.Domain.Values;

namespace Precog.Domain.Positions;

/// <summary>Trailing stop settings (§2); frozen into the state when the stop activates.</summary>
/// <param name="Activation">pnl_pct at which the stop activates (0.10).</param>
/// <param name="InitialDistance">Distance below the peak at activation, as a fraction of the peak (0.05).</param>
/// <param name="Tightening">Distance removed per <paramref name="TighteningStep"/> of absolute gain (0.01).</param>
/// <param name="TighteningStep">Absolute price gain per tightening step (0.10).</param>
/// <param name="FloorDistance">The distance never goes below this (0.02).</param>
public sealed record TrailingStopSettings(
    decimal Activation = 0.10m,
    decimal InitialDistance = 0.05m,
    decimal Tightening = 0.01m,
    decimal TighteningStep = 0.10m,
    decimal FloorDistance = 0.02m)
{
    public static readonly TrailingStopSettings Default = new();
}

/// <summary>
/// The state stored as positions.trailing_stop_state. Stop and distance are kept exact (the worked
/// example's 0.69264 has five places): they are thresholds, not prices that are sent anywhere.
/// </summary>
public sealed record TrailingStopState(
    bool Active,
    DateTimeOffset? ActivatedAt,
    Price? ActivationPrice,
    Price? PeakPrice,
    decimal? CurrentStopPrice,
    decimal? CurrentDistance,
    TrailingStopSettings Config)
{
    public static TrailingStopState Inactive(TrailingStopSettings config) => new(false, null, null, null, null, null, config);

    /// <summary>Fires (HIGH) when the mark is at or below the stop.</summary>
    public bool IsHit(Price mark) => Active && mark.Value <= CurrentStopPrice!.Value;

    /// <summary>How far the mark stands above the stop, or null while inactive.</summary>
    public decimal? DistanceToStop(Price mark) => Active ? mark.Value - CurrentStopPrice!.Value : null;
}

/// <summary>The trailing stop of §2 as a pure function of the previous state and a new mark.</summary>
public static class TrailingStop
{
    /// <summary>Applies one mark: activates, raises the peak and tightens, or changes nothing. The stop only moves up.</summary>
    public static TrailingStopState OnMark(TrailingStopState state, Price entry, Price mark, DateTimeOffset at)
    {
        var cfg = state.Config;
        if (!state.Active)
        {
            if (PnlPct(entry, mark) < cfg.Activation)
                return state;
            return state with
            {
                Active = true,
                ActivatedAt = at,
                ActivationPrice = mark,
                PeakPrice = mark,
                CurrentDistance = cfg.InitialDistance,
                CurrentStopPrice = mark.Value * (1m - cfg.InitialDistance),
            };
        }

        if (mark.Value <= state.PeakPrice!.Value.Value)
            return state;

        var distance = Math.Max(cfg.InitialDistance - cfg.Tightening * (mark.Value - entry.Value) / cfg.TighteningStep, cfg.FloorDistance);
        var stop = mark.Value * (1m - distance);
        // A tighter distance at a higher peak always raises the stop; the guard keeps the invariant explicit.
        return state with
        {
            PeakPrice = mark,
            CurrentDistance = distance,
            CurrentStopPrice = Math.Max(stop, state.CurrentStopPrice!.Value),
        };
    }

    public static decimal PnlPct(Price entry, Price mark) =>
        entry.Value == 0m ? 0m : (mark.Value - entry.Value) / entry.Value;
}
