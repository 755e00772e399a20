using Akka.Actor;
using Akka.Configuration;
using Precog.Domain;
using Precog.Persistence;
using Precog.Persistence.Journal;

namespace Precog.Tests.Journal;

/// <summary>Writes events into a real journal through real persistent actors, one per persistence id, as the engine would.</summary>
public sealed class JournalFeeder : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ActorSystem _system;
    private readonly Dictionary<string, IActorRef> _actors = [];

    public JournalFeeder(DatabaseTarget target) =>
        _system = ActorSystem.Create("feeder", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(JournalConfig.For(target)));

    /// <summary>Persists the events of one id, in order; returns when they are in the journal.</summary>
    public Task Persist(string persistenceId, IReadOnlyList<IPrecogEvent> events)
    {
        if (!_actors.TryGetValue(persistenceId, out var actor))
            _actors[persistenceId] = actor = _system.ActorOf(JournalProbe.Props(persistenceId));
        return actor.Ask<JournalProbe.Persisted>(new JournalProbe.PersistEvents(events), Patience);
    }

    /// <summary>
    /// Persists part of every stream (from each stream's <paramref name="from"/> fraction to <paramref name="to"/>):
    /// the catalog first, then all other ids concurrently in small chunks, so their rows interleave in the journal.
    /// </summary>
    public async Task PersistSlice(ScdScenario scenario, double from, double to)
    {
        static List<IPrecogEvent> Slice(List<IPrecogEvent> s, double a, double b) =>
            s.Skip((int)Math.Round(s.Count * a)).Take((int)Math.Round(s.Count * b) - (int)Math.Round(s.Count * a)).ToList();

        // the versions are registered before anything names them: all of the catalog goes with the first slice
        if (from == 0) await Persist(ScdScenario.CatalogId, scenario.Streams[ScdScenario.CatalogId]);
        var rest = scenario.Streams.Where(s => s.Key != ScdScenario.CatalogId).Select(s => (s.Key, Events: Slice(s.Value, from, to))).ToList();
        await Task.WhenAll(rest.Where(s => s.Events.Count > 0).Select(async s =>
        {
            foreach (var chunk in s.Events.Chunk(4))
                await Persist(s.Key, chunk);
        }));
    }

    public async ValueTask DisposeAsync() => await _system.Terminate().WaitAsync(Patience);
}
