using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Precog.Domain.Markets;
using Precog.Domain.Values;
using Precog.Persistence;
using Precog.Persistence.Journal;

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
        var perActor = o.Quick ? 100 : 300;
        await using var scratch = await ScratchDatabase.CreateAsync(o.AdminConnectionString);
        var db = DatabaseTarget.Parse(scratch.ConnectionString);
        var system = ActorSystem.Create("persist", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(JournalConfig.For(db)));
        try
        {
            return await Harness.MeasureAsync("raw_persist_rate", "events/s", o, async run =>
            {
                var actors = Enumerable.Range(0, Actors).Select(i => system.ActorOf(Props.Create(() => new BareActor($"bare-{run + 10}-{i}")))).ToArray();
                // recovered (empty) before the clock starts
                await Task.WhenAll(actors.Select(a => a.Ask<long>(0, TimeSpan.FromSeconds(60))));
                var sw = Stopwatch.StartNew();
                var done = await Task.WhenAll(actors.Select(a => a.Ask<long>(perActor, TimeSpan.FromSeconds(300))));
                sw.Stop();
                foreach (var a in actors) a.Tell(PoisonPill.Instance);
                var stored = await ScdWriterBench.CountAsync(db.ConnectionString, $"SELECT COUNT(*) FROM journal WHERE persistence_id LIKE 'bare-{run + 10}-%'");
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

    /// <summary>Persists n quote events one after another, replying with its sequence number when done.</summary>
    private sealed class BareActor : ReceivePersistentActor
    {
        private static readonly DateTimeOffset T0 = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);
        private readonly MarketTicker _ticker;
        private IActorRef _replyTo = ActorRefs.Nobody;
        private int _left;

        public BareActor(string id)
        {
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
            Persist(new QuoteChanged("kalshi", _ticker, bid, ask, ask.Complement, bid.Complement, new Quantity(100), new Quantity(100), 1000, 500, T0.AddSeconds(LastSequenceNr)), _ =>
            {
                if (--_left == 0) _replyTo.Tell(LastSequenceNr);
                else Next();
            });
        }
    }
}
