using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;
using Akka.Persistence;
using Precog.Exchanges.Simulated;

namespace Precog.Actors.Time;

/// <summary>
/// Knows when an actor system has nothing left to do: no message waiting in a mailbox, no mailbox being run,
/// no journal or snapshot request unanswered, no counted task (an exchange call, a stream event) still on its
/// way back. A virtual-time driver fires a timer, waits for quiescence, and only then fires the next one, so
/// every cascade of work finishes, in the same order, before time moves on.
/// <para>
/// One counter holds all of it, and every hand-over counts its successor before it releases its predecessor
/// (a message is counted when enqueued, before the sender's run ends; a journal request until its final reply
/// is enqueued), so the counter is never zero while work remains. It is switched on by
/// <see cref="Hocon"/>: the counting mailboxes and the serial executor below, for the virtual-time node only.
/// </para>
/// </summary>
public sealed class Quiescence : IInFlightWork
{
    private static readonly ConditionalWeakTable<ActorSystem, Quiescence> Systems = new();

    private long _busy;
    private long _queued;
    private long _running;
    private long _requests;
    private long _tasks;

    /// <summary>The settings that count the work of a system: add them to the virtual-time node's configuration.</summary>
    public static Config Hocon { get; } = ConfigurationFactory.ParseString($$"""
        akka.actor.default-mailbox.mailbox-type = "{{typeof(CountingMailbox).AssemblyQualifiedName}}"
        akka.actor.mailbox.unbounded-deque-based.mailbox-type = "{{typeof(CountingDequeMailbox).AssemblyQualifiedName}}"
        akka.actor.default-dispatcher.executor = "{{typeof(SerialExecutorConfigurator).AssemblyQualifiedName}}"
        akka.actor.internal-dispatcher.executor = "{{typeof(SerialExecutorConfigurator).AssemblyQualifiedName}}"
        akka.persistence.dispatchers.default-plugin-dispatcher.type = Dispatcher
        akka.persistence.dispatchers.default-plugin-dispatcher.executor = "{{typeof(SerialExecutorConfigurator).AssemblyQualifiedName}}"
        akka.persistence.dispatchers.default-replay-dispatcher.executor = "{{typeof(SerialExecutorConfigurator).AssemblyQualifiedName}}"
        akka.persistence.dispatchers.default-stream-dispatcher.executor = "{{typeof(SerialExecutorConfigurator).AssemblyQualifiedName}}"
        # one journal writer: writes complete in the order they were asked for, whatever the database
        akka.persistence.journal.sql.parallelism = 1
        """);

    /// <summary>The counter of this system, or null when its work is not counted (a live node).</summary>
    public static Quiescence? Of(ActorSystem system) => Systems.TryGetValue(system, out var q) ? q : null;

    /// <summary>The counter of a system that must be counted (a virtual-time run); a clear error when it is not.</summary>
    public static Quiescence Required(ActorSystem system) =>
        Of(system) ?? throw new InvalidOperationException("the actor system's work is not counted: add Quiescence.Hocon to its configuration");

    internal static Quiescence For(ActorSystem system) => Systems.GetValue(system, _ => new Quiescence());

    public bool IsIdle => Interlocked.Read(ref _busy) == 0;

    /// <summary>What is outstanding, by kind: for the message of a driver that waited too long.</summary>
    public string Describe()
    {
        string open;
        lock (_pending) open = string.Join(", ", _pending.Take(5).Select(p => $"{p.Key.Kind} by {p.Key.Actor.Path} ({p.Value})"));
        return $"{Interlocked.Read(ref _queued)} queued, {Interlocked.Read(ref _running)} running, {Interlocked.Read(ref _requests)} journal requests" +
               (open.Length > 0 ? $" [{open}]" : "") + $", {Interlocked.Read(ref _tasks)} tasks";
    }

    /// <summary>Waits until nothing is outstanding; false when <paramref name="patience"/> ran out first.</summary>
    public async Task<bool> WaitIdleAsync(TimeSpan patience, CancellationToken ct)
    {
        var give = Environment.TickCount64 + (long)patience.TotalMilliseconds;
        while (true)
        {
            var signal = Volatile.Read(ref _idle);
            if (IsIdle) return true;
            var left = give - Environment.TickCount64;
            if (left <= 0) return false;
            try
            {
                await signal.Task.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(left, 100)), ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // look again: the count is the truth, the signal only saves polling
            }
            if (signal.Task.IsCompleted) Interlocked.CompareExchange(ref _idle, NewSignal(), signal);
        }
    }

    /// <summary>Completed whenever the count reaches zero; replaced by the waiter once it has seen it.</summary>
    private TaskCompletionSource _idle = NewSignal();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Release(long n)
    {
        if (Interlocked.Add(ref _busy, -n) == 0) Volatile.Read(ref _idle).TrySetResult();
    }

    /// <summary>Counts a piece of work outside the actors (a task whose result will be told to one) until <see cref="End"/>.</summary>
    public void Begin()
    {
        Interlocked.Increment(ref _tasks);
        Interlocked.Increment(ref _busy);
    }

    public void End()
    {
        Interlocked.Decrement(ref _tasks);
        Release(1);
    }

    /// <summary>Journal and snapshot requests awaiting their final answer, by the asking actor and kind.</summary>
    private readonly Dictionary<(IActorRef Actor, string Kind), int> _pending = new();

    /// <param name="again">An unstashed message put back at the front of its mailbox: it was counted, request or answer, when it first came.</param>
    internal void Enqueued(IActorRef receiver, Envelope envelope, bool again = false)
    {
        Interlocked.Increment(ref _queued);
        Interlocked.Increment(ref _busy);
        if (again) return;
        // A write is answered once per message (success, rejection or failure) and once for the batch, maybe in
        // another order than sent: it stays open until every one of those answers is in a mailbox.
        var request = envelope.Message switch
        {
            WriteMessages w => (w.PersistentActor, "write"),
            ReplayMessages r => (r.PersistentActor, "replay"),
            LoadSnapshot => (envelope.Sender, "load"),
            SaveSnapshot => (envelope.Sender, "save"),
            DeleteMessagesTo d => (d.PersistentActor, "delete"),
            DeleteSnapshot or DeleteSnapshots => (envelope.Sender, "delete-snapshot"),
            _ => ((IActorRef?)null, ""),
        };
        if (request.Item1 is { } asking)
        {
            var answers = envelope.Message is WriteMessages batch
                ? 1 + batch.Messages.Sum(m => m is AtomicWrite a ? ((IImmutableList<IPersistentRepresentation>)a.Payload).Count : 1)
                : 1;
            lock (_pending) _pending[(asking, request.Item2)] = _pending.GetValueOrDefault((asking, request.Item2)) + answers;
            Interlocked.Add(ref _requests, answers);
            Interlocked.Add(ref _busy, answers);
            return;
        }
        var answer = envelope.Message switch
        {
            WriteMessagesSuccessful or WriteMessagesFailed or WriteMessageSuccess or WriteMessageRejected or WriteMessageFailure or LoopMessageSuccess => "write",
            RecoverySuccess or ReplayMessagesFailure => "replay",
            LoadSnapshotResult or LoadSnapshotFailed => "load",
            SaveSnapshotSuccess or SaveSnapshotFailure => "save",
            DeleteMessagesSuccess or DeleteMessagesFailure => "delete",
            DeleteSnapshotSuccess or DeleteSnapshotFailure or DeleteSnapshotsSuccess or DeleteSnapshotsFailure => "delete-snapshot",
            _ => null,
        };
        if (answer is null) return;
        lock (_pending)
        {
            // only a final answer to a request still open counts (the journal may say RecoverySuccess more than once)
            if (!_pending.TryGetValue((receiver, answer), out var open)) return;
            if (open == 1) _pending.Remove((receiver, answer));
            else _pending[(receiver, answer)] = open - 1;
        }
        Interlocked.Decrement(ref _requests);
        Release(1);
    }

    /// <summary>
    /// An actor stopped: the answers it still awaited will go to dead letters, uncounted, so its open requests are
    /// released now (a stopped actor has no work left to wait for).
    /// </summary>
    internal void Stopped(IActorRef actor)
    {
        long open = 0;
        lock (_pending)
            foreach (var key in _pending.Keys.Where(k => k.Actor.Equals(actor)).ToList())
            {
                open += _pending[key];
                _pending.Remove(key);
            }
        if (open == 0) return;
        Interlocked.Add(ref _requests, -open);
        Release(open);
    }

    internal void Dequeued()
    {
        Interlocked.Decrement(ref _queued);
        Release(1);
    }

    internal void RunScheduled()
    {
        Interlocked.Increment(ref _running);
        Interlocked.Increment(ref _busy);
    }

    internal void RunDone()
    {
        Interlocked.Decrement(ref _running);
        Release(1);
    }
}

/// <summary>Tasks whose outcome is told to an actor, counted by the system's <see cref="Quiescence"/> (when there is one) from before they start until the outcome is told.</summary>
public static class CountedTasks
{
    public static void RunCounted<T>(this ActorSystem system, Func<Task<T>> start, IActorRef recipient, Func<T, object> success, Func<Exception, object> failure)
    {
        var work = Quiescence.Of(system);
        work?.Begin();
        Task<T> task;
        try
        {
            task = InFlight.Under(work, start); // the venue parks and wakes the count of its calls (a latency, a timeout) through this
        }
        catch (Exception e)
        {
            task = Task.FromException<T>(e);
        }
        task.ContinueWith(t =>
        {
            try
            {
                recipient.Tell(t.IsCompletedSuccessfully ? success(t.Result) : failure(t.Exception?.GetBaseException() ?? new TaskCanceledException(t)), ActorRefs.NoSender);
            }
            finally
            {
                work?.End();
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}

/// <summary>The default mailbox, counted.</summary>
public sealed class CountingMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<CountingMessageQueue>
{
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CountingMessageQueue(Quiescence.For(system), owner);
}

/// <summary>The deque mailbox of stashing actors (persistent ones among them), counted.</summary>
public sealed class CountingDequeMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<CountingMessageQueue>
{
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CountingMessageQueue(Quiescence.For(system), owner);
}

/// <summary>An unbounded deque message queue that tells <see cref="Quiescence"/> of every message in and out.</summary>
public sealed class CountingMessageQueue(Quiescence work, IActorRef owner) : IMessageQueue, IUnboundedDequeBasedMessageQueueSemantics
{
    private readonly DequeWrapperMessageQueue _queue = new(new UnboundedMessageQueue());

    public bool HasMessages => _queue.HasMessages;

    public int Count => _queue.Count;

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        work.Enqueued(receiver, envelope);
        _queue.Enqueue(receiver, envelope);
    }

    public void EnqueueFirst(Envelope envelope)
    {
        work.Enqueued(owner, envelope, again: true);
        _queue.EnqueueFirst(envelope);
    }

    public bool TryDequeue(out Envelope envelope)
    {
        if (!_queue.TryDequeue(out envelope)) return false;
        work.Dequeued();
        return true;
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var e)) deadletters.Enqueue(owner, e);
        work.Stopped(owner);
    }
}

/// <summary>
/// Runs every actor of the system on one thread, in the order their mailboxes were scheduled, and counts each
/// run for <see cref="Quiescence"/>: with the inputs fed one at a time, the order in which actors act is then
/// the same in every run. All dispatchers of the system share the one thread.
/// </summary>
public sealed class SerialExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites) : ExecutorServiceConfigurator(config, prerequisites)
{
    private static readonly ConditionalWeakTable<ActorSystem, SerialExecutor> Executors = new();

    public override ExecutorService Produce(string id)
    {
        var system = Prerequisites.Settings.System;
        lock (Executors)
        {
            var executor = Executors.GetValue(system, s => new SerialExecutor(Quiescence.For(s), s.Name));
            executor.Acquire();
            return new SharedExecutor(id, executor);
        }
    }

    private sealed class SharedExecutor(string id, SerialExecutor executor) : ExecutorService(id)
    {
        private int _shut;

        public override void Execute(IRunnable run) => executor.Execute(run);

        public override void Shutdown()
        {
            if (Interlocked.Exchange(ref _shut, 1) == 0) executor.Release();
        }
    }

    private sealed class SerialExecutor(Quiescence work, string name)
    {
        private readonly object _gate = new();
        private readonly Queue<IRunnable> _runs = new();
        private Thread? _thread;
        private int _users;

        public void Acquire()
        {
            lock (_gate)
            {
                _users++;
                if (_thread is not null) return;
                _thread = new Thread(Loop) { IsBackground = true, Name = $"{name}-serial" };
                _thread.Start();
            }
        }

        public void Release()
        {
            lock (_gate)
            {
                if (--_users > 0) return;
                _thread = null;
                Monitor.PulseAll(_gate);
            }
        }

        public void Execute(IRunnable run)
        {
            work.RunScheduled();
            lock (_gate)
            {
                _runs.Enqueue(run);
                Monitor.Pulse(_gate);
            }
        }

        private void Loop()
        {
            var me = Thread.CurrentThread;
            while (true)
            {
                IRunnable run;
                lock (_gate)
                {
                    while (_runs.Count == 0)
                    {
                        if (_thread != me) return;
                        Monitor.Wait(_gate);
                    }
                    run = _runs.Dequeue();
                }
                try
                {
                    run.Run();
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine($"serial executor: a run failed: {e}");
                }
                finally
                {
                    work.RunDone();
                }
            }
        }
    }
}
