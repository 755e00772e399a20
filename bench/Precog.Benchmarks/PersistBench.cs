using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using HdrHistogram;
using Precog.Benchmarks.Rig;
using Precog.Domain.Markets;
using Precog.Domain.Values;

namespace Precog.Benchmarks;

/// <summary>
/// raw_persist_rate: events/s persisted by 100 bare persistent actors on PostgreSQL through the engine's own
/// journal configuration (Akka.Persistence.Sql, Csv tags, Precog's serializer and tagger), each persisting one
/// QuoteChanged at a time (the next only after the previous is stored, as a MarketActor does). The baseline of
/// quote_pipeline_rate, and a figure of its own.
/// </summary>
public static class PersistBench
{
    public const int Actors = 100;

    public static async Task<Series> RunAsync(BenchOptions o)
    {
        await using var journal = await ScratchJournal.CreateAsync(JournalProvider.PostgreSql, o);
        return await RunAsync(o, journal, "raw_persist_rate");
    }

    /// <summary>The persist rate of <see cref="Actors"/> bare actors on <paramref name="journal"/> (a system of its own, no cluster).</summary>
    public static async Task<Series> RunAsync(BenchOptions o, ScratchJournal journal, string series)
    {
        var perActor = o.Quick ? 50 : 300;
        var system = ActorSystem.Create("persist", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(journal.Config));
        var prefix = $"bare-{Guid.NewGuid():N}";
        try
        {
            return await Harness.MeasureAsync(series, "events/s", o, async run =>
            {
                var actors = Enumerable.Range(0, Actors).Select(i => system.ActorOf(Props.Create(() => new BareActor($"{prefix}-{run + 10}-{i}", null)))).ToArray();
                // recovered (empty) before the clock starts
                await Task.WhenAll(actors.Select(a => a.Ask<long>(0, TimeSpan.FromSeconds(60))));
                var sw = Stopwatch.StartNew();
                var done = await Task.WhenAll(actors.Select(a => a.Ask<long>(perActor, TimeSpan.FromSeconds(300))));
                sw.Stop();
                foreach (var a in actors) a.Tell(PoisonPill.Instance);
                // the in-memory journal has no table to count: its actors' sequence numbers are what was stored
                var stored = await journal.CountAsync($"{prefix}-{run + 10}-") ?? done.Sum();
                if (done.Any(n => n != perActor) || stored != (long)Actors * perActor)
                    throw new InvalidOperationException($"expected {Actors * perActor} events in the journal, found {stored}");
                return Harness.Rate(stored, sw);
            });
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>
    /// The round trip of one raw persist: a single bare actor persisting one event at a time, each timed from
    /// Persist to its handler (µs, HdrHistogram). Its p50 is the baseline of exit_latency.
    /// </summary>
    public static async Task<LongHistogram> RoundTripAsync(ScratchJournal journal, int events)
    {
        var histogram = new LongHistogram(TimeStamp.Minutes(10), 3);
        var system = ActorSystem.Create("roundtrip", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(journal.Config));
        try
        {
            var actor = system.ActorOf(Props.Create(() => new BareActor($"roundtrip-{Guid.NewGuid():N}", histogram)));
            await actor.Ask<long>(0, TimeSpan.FromSeconds(60));
            var done = await actor.Ask<long>(events, TimeSpan.FromMinutes(5));
            if (done != events || histogram.TotalCount != events)
                throw new InvalidOperationException($"the round-trip actor persisted {done} events and timed {histogram.TotalCount}, expected {events}");
            return histogram;
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>Persists n quote events one after another, replying with its sequence number when done.</summary>
    private sealed class BareActor : ReceivePersistentActor
    {
        private static readonly DateTimeOffset T0 = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);
        private readonly MarketTicker _ticker;
        private IActorRef _replyTo = ActorRefs.Nobody;
        private readonly LongHistogram? _roundTrips;
        private int _left;

        public BareActor(string id, LongHistogram? roundTrips)
        {
            _roundTrips = roundTrips;
            PersistenceId = id;
            _ticker = new MarketTicker("KXBENCH-" + id.ToUpperInvariant());
            Recover<QuoteChanged>(_ => { });
            Command<int>(n =>
            {
                _replyTo = Sender;
                _left = n;
                if (n == 0) Sender.Tell(LastSequenceNr);
                else Next();
            });
        }

        public override string PersistenceId { get; }

        private void Next()
        {
            var bid = new Price(0.40m + 0.01m * (LastSequenceNr % 50));
            var ask = new Price(bid.Value + 0.01m);
            var started = Stopwatch.GetTimestamp();
            Persist(new QuoteChanged("kalshi", _ticker, bid, ask, ask.Complement, bid.Complement, new Quantity(100), new Quantity(100), 1000, 500, T0.AddSeconds(LastSequenceNr)), _ =>
            {
                _roundTrips?.RecordValue(Stopwatch.GetElapsedTime(started).Ticks / 10);
                if (--_left == 0) _replyTo.Tell(LastSequenceNr);
                else Next();
            });
        }
    }
}
