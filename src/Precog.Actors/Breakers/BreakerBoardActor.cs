using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Precog.Domain.Breakers;

namespace Precog.Actors.Breakers;

/// <summary>Asks the node's board for its current (immutable) view.</summary>
public sealed record GetBreakerBoard;

/// <summary>Asks whether an entry in this scope is allowed; the reply is an <see cref="EntryAdmission"/>.</summary>
public sealed record CheckEntry(EntryScope Scope);

/// <summary>
/// Keeps this node's <see cref="BreakerBoard"/> from the breakers' published changes. Admission that lives in
/// another actor can subscribe the same way and hold a board of its own; this actor serves the rest.
/// </summary>
public sealed class BreakerBoardActor : ReceiveActor
{
    private BreakerBoard _board = BreakerBoard.Empty;

    public BreakerBoardActor(BreakerTopic topic)
    {
        topic.Subscribe(Self);
        Receive<BreakerStateChanged>(c => _board = _board.Apply(c));
        Receive<GetBreakerBoard>(_ => Sender.Tell(_board));
        Receive<SubscribeAck>(_ => { });
        Receive<CheckEntry>(c => Sender.Tell(_board.Entry(c.Scope)));
    }

    public static Props Props(BreakerTopic topic) => Akka.Actor.Props.Create(() => new BreakerBoardActor(topic));
}
