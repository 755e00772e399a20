using Precog.Domain.Breakers;

namespace Precog.Actors.Breakers;

/// <summary>A signal for one breaker; carries the id so a shard region can route it.</summary>
public sealed record SignalBreaker(BreakerId Id, BreakerSignal Signal);

/// <summary>Asks a breaker for its state; the reply is its <see cref="BreakerState"/>.</summary>
public sealed record GetBreakerState(BreakerId Id);

/// <summary>Published on every transition (and on recovery while tripped) for the local breaker boards.</summary>
public sealed record BreakerStateChanged(BreakerId Id, BreakerStatus Status, string Reason, DateTimeOffset At);
