using Akka.Actor;
using Akka.Persistence;
using Precog.Domain;

namespace Precog.Tests.Journal;

/// <summary>A bare persistent actor for journal tests: persists what it is given, replies, and reports what it recovered.</summary>
public sealed class JournalProbe : ReceivePersistentActor
{
    public sealed record PersistEvents(IReadOnlyList<IPrecogEvent> Events);
    public sealed record Persisted(long LastSequenceNr);
    public sealed record GetRecovered;

    private readonly List<IPrecogEvent> _recovered = [];

    public JournalProbe(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<IPrecogEvent>(e => _recovered.Add(e));
        Command<PersistEvents>(cmd =>
        {
            var sender = Sender;
            var left = cmd.Events.Count;
            PersistAll(cmd.Events, _ =>
            {
                if (--left == 0) sender.Tell(new Persisted(LastSequenceNr));
            });
        });
        Command<GetRecovered>(_ => Sender.Tell(_recovered.ToList()));
    }

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new JournalProbe(persistenceId));
}
