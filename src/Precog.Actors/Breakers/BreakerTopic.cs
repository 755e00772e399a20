using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace Precog.Actors.Breakers;

/// <summary>
/// Where breaker state changes go and how a board hears them: the one adapter between the breakers and the pubsub,
/// so the actors run without a cluster in tests.
/// </summary>
public abstract class BreakerTopic
{
    public abstract void Publish(BreakerStateChanged change, IActorRef sender);

    public abstract void Subscribe(IActorRef subscriber);

    /// <summary>Production: DistributedPubSub on <see cref="Topics.Breakers"/>.</summary>
    public static BreakerTopic PubSub(IActorRef mediator) => new DistributedTopic(mediator);

    /// <summary>Tests and single-process use: tells the given actors directly; subscribing is a no-op.</summary>
    public static BreakerTopic Direct(params IActorRef[] targets) => new DirectTopic(targets);

    private sealed class DistributedTopic(IActorRef mediator) : BreakerTopic
    {
        public override void Publish(BreakerStateChanged change, IActorRef sender) => mediator.Tell(new Publish(Topics.Breakers, change), sender);

        public override void Subscribe(IActorRef subscriber) => mediator.Tell(new Subscribe(Topics.Breakers, subscriber), subscriber);
    }

    private sealed class DirectTopic(IActorRef[] targets) : BreakerTopic
    {
        public override void Publish(BreakerStateChanged change, IActorRef sender)
        {
            foreach (var t in targets) t.Tell(change, sender);
        }

        public override void Subscribe(IActorRef subscriber) { }
    }
}
