using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.TestKit;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace Precog.Actors.Tests;

/// <summary>
/// An actor system with the Persistence TestKit's in-memory journal (whose writes can be failed or rejected) and
/// the TestKit's scheduler, so timers fire only when a test moves time.
/// </summary>
public abstract class ActorTestBase() : Akka.TestKit.Xunit2.TestKit(Config)
{
    private static readonly Config Config = ConfigurationFactory.ParseString("""
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.persistence.journal.plugin = "akka.persistence.journal.test"
        akka.persistence.journal.test.class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
        akka.persistence.journal.test.plugin-dispatcher = "akka.actor.default-dispatcher"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.test"
        akka.persistence.snapshot-store.test.class = "Akka.Persistence.TestKit.TestSnapshotStore, Akka.Persistence.TestKit"
        akka.persistence.snapshot-store.test.plugin-dispatcher = "akka.actor.default-dispatcher"
        """);

    protected static readonly DateTimeOffset T0 = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Clock { get; } = new(T0);

    protected TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    protected ITestJournal Journal => TestJournal.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null));

    /// <summary>The payloads journaled under a persistence id, read back from the journal itself.</summary>
    protected IReadOnlyList<object> Journaled(string persistenceId)
    {
        var probe = CreateTestProbe();
        Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null).Tell(new ReplayMessages(0, long.MaxValue, long.MaxValue, persistenceId, probe.Ref));
        var events = new List<object>();
        while (true)
        {
            var msg = probe.ExpectMsg<object>();
            if (msg is ReplayedMessage r) events.Add(r.Persistent.Payload);
            else if (msg is RecoverySuccess) return events;
            else throw new InvalidOperationException($"unexpected {msg}");
        }
    }

    /// <summary>Moves time: the clock actors read and the scheduler their timers run on, together.</summary>
    protected void Advance(TimeSpan by)
    {
        Clock.Advance(by);
        Scheduler.Advance(by);
    }

    /// <summary>Stops an actor and waits until it is gone, as a node losing it would.</summary>
    protected void StopAndWait(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }
}
