using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace Precog.Actors.Breakers;

/// <summary>
/// Where breaker state changes go and how a board hears them: the one adapter between the breakers and the pubsub,
/// so the actors run without a cluster in tests. A board that subscribes also asks every breaker for its current
/// state (<see cref="ReportBreakerState"/>), so it learns a trip that happened before it started.
/// </summary>
public abstract class BreakerTopic
{
    public abstract void Publish(BreakerStateChanged change, IActorRef sender);

    /// <summary>Subscribes a board to the changes, then asks every breaker to tell it its current state.</summary>
    public abstract void Subscribe(IActorRef subscriber);

    /// <summary>Lets a breaker hear the boards' <see cref="ReportBreakerState"/> requests.</summary>
    public abstract void ServeRequests(IActorRef breaker);

    /// <summary>Production: DistributedPubSub on <see cref="Topics.Breakers"/> and <see cref="Topics.BreakerRequests"/>.</summary>
    public static BreakerTopic PubSub(IActorRef mediator) => new DistributedTopic(mediator);

    /// <summary>Tests: tells the given actors directly; subscribing and serving are no-ops.</summary>
    public static BreakerTopic Direct(params IActorRef[] targets) => new DirectTopic(targets);

    /// <summary>One process without a cluster (tests): a live list of subscribers and of breakers, as the pubsub would keep.</summary>
    public static BreakerTopic InProcess() => new InProcessTopic();

    private sealed class DistributedTopic(IActorRef mediator) : BreakerTopic
    {
        public override void Publish(BreakerStateChanged change, IActorRef sender) => mediator.Tell(new Publish(Topics.Breakers, change), sender);

        public override void Subscribe(IActorRef subscriber)
        {
            mediator.Tell(new Subscribe(Topics.Breakers, subscriber), subscriber);
            // after the subscription (the mediator keeps the order): a change made meanwhile reaches the board either way
            mediator.Tell(new Publish(Topics.BreakerRequests, new ReportBreakerState(subscriber)), subscriber);
        }

        public override void ServeRequests(IActorRef breaker) => mediator.Tell(new Subscribe(Topics.BreakerRequests, breaker), breaker);
    }

    private sealed class DirectTopic(IActorRef[] targets) : BreakerTopic
    {
        public override void Publish(BreakerStateChanged change, IActorRef sender)
        {
            foreach (var t in targets) t.Tell(change, sender);
        }

        public override void Subscribe(IActorRef subscriber) { }

        public override void ServeRequests(IActorRef breaker) { }
    }

    private sealed class InProcessTopic : BreakerTopic
    {
        private ImmutableHashSet<IActorRef> _subscribers = [];
        private ImmutableHashSet<IActorRef> _breakers = [];

        public override void Publish(BreakerStateChanged change, IActorRef sender)
        {
            foreach (var s in _subscribers) s.Tell(change, sender);
        }

        public override void Subscribe(IActorRef subscriber)
        {
            ImmutableInterlocked.Update(ref _subscribers, s => s.Add(subscriber));
            foreach (var b in _breakers) b.Tell(new ReportBreakerState(subscriber), subscriber);
        }

        public override void ServeRequests(IActorRef breaker) => ImmutableInterlocked.Update(ref _breakers, s => s.Add(breaker));
    }
}
