using Precog.Domain.Breakers;

namespace Precog.Actors.Breakers;

/// <summary>A signal for one breaker; carries the id so a shard region can route it.</summary>
public sealed record SignalBreaker(BreakerId Id, BreakerSignal Signal);

/// <summary>Asks a breaker for its state; the reply is its <see cref="BreakerState"/>.</summary>
public sealed record GetBreakerState(BreakerId Id);

/// <summary>Published on every transition (and on recovery while tripped) for the local breaker boards.</summary>
public sealed record BreakerStateChanged(BreakerId Id, BreakerStatus Status, string Reason, DateTimeOffset At);

/// <summary>
/// Published by a board that has just subscribed (a late joiner): every breaker answers <paramref name="ReplyTo"/>
/// directly with its current <see cref="BreakerStateChanged"/>, so a trip that happened before the board existed is known at once.
/// </summary>
public sealed record ReportBreakerState(Akka.Actor.IActorRef ReplyTo);
