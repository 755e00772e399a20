using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.TestKit;
using Precog.Actors.Time;

namespace Precog.Actors.Tests.Time;

/// <summary>
/// A persistent actor's clock timers while it persists: Akka stashes what arrives during a write and, after it, hands
/// the stash back one message per handled message. A timer's message that arrives then must take its turn like any
/// other: handled once its turn comes (not lost), dropped there if its timer was cancelled meanwhile, and in neither
/// case may it stop the stash's hand-back, or a later message overtakes the stashed ones (the market actors' "sequence
/// gap" of the game day: a book delta applied before the deltas stashed ahead of it).
/// </summary>
public sealed class ClockedPersistentActorTests : ActorTestBase
{
    private sealed record Tick;
    private sealed record Report;

    /// <summary>Holds every journal write until the gate opens, and says when one is waiting.</summary>
    private sealed class HeldWrites(Task gate) : IJournalInterceptor
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public Task InterceptAsync(IPersistentRepresentation message)
        {
            _reached.TrySetResult();
            return gate;
        }
    }

    /// <summary>Records what it handles, in order. "persist" starts a one-second timer and persists; its callback may cancel the timer.</summary>
    private sealed class Recorder : ClockedPersistentActor
    {
        private readonly List<string> _handled = [];
        private readonly TimeProvider _time;

        public Recorder(TimeProvider time, bool cancelWhenPersisted)
        {
            _time = time;
            PersistenceId = "clocked-recorder";
            Recover<string>(_ => { });
            Command<string>(s =>
            {
                _handled.Add(s);
                if (s != "persist") return;
                Timers.StartSingle("tick", new Tick(), TimeSpan.FromSeconds(1));
                Persist(s, _ =>
                {
                    if (cancelWhenPersisted) Timers.Cancel("tick");
                });
            });
            Command<Tick>(_ => _handled.Add("tick"));
            Command<Report>(_ => Sender.Tell(_handled.ToList()));
        }

        public override string PersistenceId { get; }

        protected override TimeProvider TimerClock => _time;
    }

    [Theory]
    [InlineData(false, new[] { "persist", "tick", "a", "b" })]
    [InlineData(true, new[] { "persist", "a", "b" })]
    public async Task A_timer_firing_during_a_write_takes_its_turn_after_it_and_the_messages_stashed_behind_it_keep_their_order(bool cancelWhenPersisted, string[] expected)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = new HeldWrites(gate.Task);
        await Journal.OnWrite.SetInterceptorAsync(writes);
        var recorder = Sys.ActorOf(Props.Create(() => new Recorder(Clock, cancelWhenPersisted)));

        // given the actor persisting, the write held at the journal
        recorder.Tell("persist");
        await writes.Reached.WaitAsync(TimeSpan.FromSeconds(10));

        // when its timer fires and two messages arrive during the write, then the write completes
        Clock.Advance(TimeSpan.FromSeconds(1));
        recorder.Tell("a");
        recorder.Tell("b");
        gate.SetResult();

        // then everything that came before the question is handled before it, in its order (the tick only if not cancelled)
        var handled = await recorder.Ask<List<string>>(new Report(), TimeSpan.FromSeconds(10));
        Assert.Equal(expected, handled);
    }
}
