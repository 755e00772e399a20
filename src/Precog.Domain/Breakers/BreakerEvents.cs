namespace Precog.Domain.Breakers;

/// <summary>A breaker changed status: one circuit_breaker_events row and one alert.</summary>
public sealed record BreakerTransitioned(BreakerTransition Transition) : IPrecogEvent
{
    public DateTimeOffset At => Transition.At;
}
