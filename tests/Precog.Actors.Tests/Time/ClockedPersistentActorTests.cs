using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.TestKit;
using Precog.Actors.Time;

namespace Precog.Actors.Tests.Time;

/// <summary>
/// Timers of a persistent actor whose messages arrive while a persist is in flight: Akka stashes them and hands them
/// back one at a time afterwards. Writes are held at the journal by a gate the test opens, and the timers run on a
/// virtual clock fired by hand, so the timer's message is known to arrive mid-persist.
/// </summary>
public sealed class ClockedPersistentActorTests : ActorTestBase
{
    private sealed class HeldWrites(Task gate) : IJournalInterceptor
    {
        public Task InterceptAsync(IPersistentRepresentation message) => gate;
    }

    private sealed record Arm(string Tick);
    private sealed record Save(int N, string? Rearm = null);
    private sealed record GetLog;

    /// <summary>Arms a single timer; persists numbers, optionally arming the timer again (replacing it) once persisted; logs what it handled.</summary>
    private sealed class Ticking : ClockedPersistentActor
    {
        private readonly List<string> _log = [];
        private readonly VirtualClock _clock;

        public override string PersistenceId => "ticking";

        protected override TimeProvider TimerClock => _clock;

        public Ticking(VirtualClock clock)
        {
            _clock = clock;
            Command<Arm>(a => Timers.StartSingle("tick", a.Tick, TimeSpan.FromSeconds(1)));
            Command<Save>(s => Persist(s.N, n =>
            {
                _log.Add($"persisted {n}");
                if (s.Rearm is { } again) Timers.StartSingle("tick", again, TimeSpan.FromHours(1));
            }));
            Command<string>(_log.Add);
            Command<GetLog>(_ => Sender.Tell(_log.ToList()));
        }
    }

    private async Task<(IActorRef Actor, VirtualClock Clock, TaskCompletionSource Write)> StartHeldAsync()
    {
        var clock = new VirtualClock(T0);
        var actor = Sys.ActorOf(Props.Create(() => new Ticking(clock)));
        await actor.Ask<List<string>>(new GetLog(), TimeSpan.FromSeconds(5)); // recovered
        var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Journal.OnWrite.SetInterceptorAsync(new HeldWrites(write.Task));
        return (actor, clock, write);
    }

    /// <summary>Arms the timer and waits until the actor has (so the clock has a timer to fire).</summary>
    private static async Task ArmAsync(IActorRef actor)
    {
        actor.Tell(new Arm("tick"));
        await actor.Ask<List<string>>(new GetLog(), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_timer_that_fires_while_a_persist_is_in_flight_is_delivered_once_the_persist_is_done()
    {
        var (actor, clock, write) = await StartHeldAsync();
        await ArmAsync(actor);
        actor.Tell(new Save(1));
        Assert.True(clock.FireNext(DateTimeOffset.MaxValue)); // the tick arrives while 1 is held at the journal

        write.SetResult();

        AwaitAssert(() => Assert.Equal(["persisted 1", "tick"], actor.Ask<List<string>>(new GetLog(), TimeSpan.FromSeconds(5)).GetAwaiter().GetResult()));
    }

    [Fact]
    public async Task A_replaced_timer_message_stashed_during_a_persist_is_dropped_without_holding_back_the_messages_behind_it()
    {
        var (actor, clock, write) = await StartHeldAsync();
        await ArmAsync(actor);
        actor.Tell(new Save(1, Rearm: "later tick")); // its handler replaces the timer, so the tick stashed meanwhile is stale
        Assert.True(clock.FireNext(DateTimeOffset.MaxValue));
        actor.Tell("after the tick");
        var log = actor.Ask<List<string>>(new GetLog(), TimeSpan.FromSeconds(10));

        write.SetResult();

        // every stashed message is handled, in order, without any further message from outside
        Assert.Equal(["persisted 1", "after the tick"], await log);
    }
}
