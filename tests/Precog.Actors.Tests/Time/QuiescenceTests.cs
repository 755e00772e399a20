using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.TestKit;
using Precog.Actors.Time;

namespace Precog.Actors.Tests.Time;

/// <summary>
/// The engine's work counted on a real actor system with the counting mailboxes and the serial executor: it is
/// idle only when no message, journal write or counted task is outstanding. Writes are held at the journal by a
/// gate the test opens, so "busy while in flight" is observed, not guessed.
/// </summary>
public sealed class QuiescenceTests() : Akka.TestKit.Xunit2.TestKit(Quiescence.Hocon.WithFallback(ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.test"
        akka.persistence.journal.test.class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
        akka.persistence.journal.test.plugin-dispatcher = "akka.actor.default-dispatcher"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.test"
        akka.persistence.snapshot-store.test.class = "Akka.Persistence.TestKit.TestSnapshotStore, Akka.Persistence.TestKit"
        akka.persistence.snapshot-store.test.plugin-dispatcher = "akka.actor.default-dispatcher"
        """)))
{
    private ITestJournal Journal => TestJournal.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null));

    private Quiescence Work => Quiescence.Of(Sys) ?? throw new InvalidOperationException("the test system's work is not counted");

    private sealed class HeldWrites(Task gate) : IJournalInterceptor
    {
        public Task InterceptAsync(IPersistentRepresentation message) => gate;
    }

    /// <summary>Persists each number it is told, then asks a task for its double and keeps the answer.</summary>
    private sealed class Recorder : ReceivePersistentActor
    {
        private readonly List<string> _log = [];

        public Recorder(Func<int, Task<int>> doubling)
        {
            PersistenceId = "recorder";
            Recover<int>(n => _log.Add($"persisted {n}"));
            Command<int>(n => Persist(n, _ =>
            {
                _log.Add($"persisted {n}");
                Context.System.RunCounted(() => doubling(n), Self, d => $"doubled {d}", e => $"failed {e.Message}");
            }));
            Command<string>(s => _log.Add(s));
            Command<GetLog>(_ => Sender.Tell(_log.ToList()));
        }

        public override string PersistenceId { get; }
    }

    private sealed record GetLog;

    [Fact]
    public async Task A_journal_write_in_flight_and_a_counted_task_keep_the_system_busy_until_their_answers_are_in()
    {
        await Work.WaitIdleAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var doubling = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await Journal.OnWrite.SetInterceptorAsync(new HeldWrites(write.Task));
        var recorder = Sys.ActorOf(Props.Create(() => new Recorder(_ => doubling.Task)));

        recorder.Tell(21);

        Assert.False(await Work.WaitIdleAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None), "idle while the write is held at the journal");
        write.SetResult();
        Assert.False(await Work.WaitIdleAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None), "idle while the counted task runs");
        doubling.SetResult(42);
        Assert.True(await Work.WaitIdleAsync(TimeSpan.FromSeconds(10), CancellationToken.None), Work.Describe());

        // idle means done: the answers are in the actor's state at that moment, with nothing left to arrive
        var log = await recorder.Ask<List<string>>(new GetLog(), TimeSpan.FromSeconds(5));
        Assert.Equal(["persisted 21", "doubled 42"], log);
    }

    [Fact]
    public async Task An_idle_system_stays_idle_and_a_message_makes_it_busy_at_once()
    {
        Assert.True(await Work.WaitIdleAsync(TimeSpan.FromSeconds(10), CancellationToken.None), Work.Describe());
        var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Journal.OnWrite.SetInterceptorAsync(new HeldWrites(write.Task));
        var recorder = Sys.ActorOf(Props.Create(() => new Recorder(n => Task.FromResult(2 * n))));

        recorder.Tell(1);

        Assert.False(Work.IsIdle); // counted when enqueued, before any thread picked it up
        write.SetResult();
        Assert.True(await Work.WaitIdleAsync(TimeSpan.FromSeconds(10), CancellationToken.None), Work.Describe());
    }
}
