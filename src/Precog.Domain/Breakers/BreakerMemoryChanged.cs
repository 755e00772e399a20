namespace Precog.Domain.Breakers;

/// <summary>
/// A breaker's memory changed without a change of status (a failure counted inside the window, a loss added to
/// the streak, a new trading day seen while closed). Persisted so that a restarted breaker still counts what it
/// had counted; bookkeeping only: it makes no circuit_breaker_events row and no alert.
/// </summary>
public sealed record BreakerMemoryChanged(BreakerId Id, BreakerMemory Memory, DateTimeOffset At) : IPrecogEvent;
