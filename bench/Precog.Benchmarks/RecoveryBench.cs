using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Precog.Actors.Positions;
using Precog.Benchmarks.Rig;
using Precog.Domain;
using Precog.Domain.Entry;
using Precog.Domain.Positions;
using Precog.Domain.Values;

namespace Precog.Benchmarks;

/// <summary>
/// recovery_time: seconds from starting the PositionActors of 10,000 open positions of 20 events each (opened,
/// entry planned, acknowledged, filled, completed, 15 trailing-stop moves) on a node whose cluster is up, until
/// every one has recovered and marked a quote of its market (quotes are published on every market's topic until
/// all have). Each run is a fresh node. The journal is seeded by COPY (not measured). Baseline: bare persistent
/// actors replaying the same persistence ids in a plain actor system. Both go through Akka.Persistence's
/// recovery permits (max-concurrent-recoveries, 50 by default) as a node would.
/// </summary>
public static class RecoveryBench
{
    private const int EventsPerPosition = 20;
    private const int PositionsPerMarket = 10;
    private static readonly DateTimeOffset T0 = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);

    public static async Task<MetricResult> RunAsync(BenchOptions o)
    {
        var positions = o.Quick ? 500 : 10_000;
        await using var journal = await ScratchJournal.CreateAsync(JournalProvider.PostgreSql, o);
        var ids = Enumerable.Range(0, positions).Select(i => new PositionId(new Guid(i + 1, 7, 7, new byte[8]))).ToArray();
        var tickers = ids.Select((_, i) => EngineRig.Ticker(i / PositionsPerMarket / 2, home: i / PositionsPerMarket % 2 == 0)).ToArray();
        var sw = Stopwatch.StartNew();
        await JournalCopy.SeedAsync(journal.Target!, $"position-{ids[0]}",
            ids.Select((id, i) => ($"position-{id}", (IReadOnlyList<IPrecogEvent>)History(id, tickers[i], i))).ToList());
        Harness.Log($"recovery_time: {positions:N0} positions × {EventsPerPosition} events seeded in {sw.Elapsed.TotalSeconds:0.0}s");

        var engine = await Harness.MeasureAsync("recovery_time", "s", o, async _ =>
        {
            await using var rig = await EngineRig.StartAsync("recovery", journal.Config);
            var clock = Stopwatch.StartNew();
            var actors = ids.Select(rig.StartPosition).ToArray();
            var records = await Task.WhenAll(actors.Select((a, i) => a.Ask<PositionRecord>(new GetPosition(ids[i]), TimeSpan.FromMinutes(10))));
            var wrong = records.Count(r => !r.IsOpen || r.Held.Value != 100 || r.Rules?.Trailing.PeakPrice != new Price(0.674m));
            if (wrong > 0) throw new InvalidOperationException($"{wrong} positions did not recover their 20 events");
            var recovered = clock.Elapsed;
            var pending = Enumerable.Range(0, positions).ToList();
            var markets = tickers.Distinct().ToArray();
            await EngineRig.Eventually(async () =>
            {
                foreach (var t in markets) rig.PublishQuote(t, 0.67m);
                await Task.Delay(10);
                var snaps = await Task.WhenAll(pending.Select(i => actors[i].Ask<PositionSnapshot>(new GetPositionSnapshot(ids[i]), TimeSpan.FromMinutes(5))));
                pending = pending.Where((_, k) => snaps[k].LastQuote is null).ToList();
                return pending.Count == 0;
            }, "every recovered position to mark a quote");
            clock.Stop();
            Harness.Log($"  recovery_time: recovered in {recovered.TotalSeconds:0.00}s, all marking at {clock.Elapsed.TotalSeconds:0.00}s");
            if (rig.Exchange.Buys + rig.Exchange.Sells != 0) throw new InvalidOperationException("a recovered position sent an order: none was in flight");
            return new Sample(clock.Elapsed.TotalSeconds, positions, clock.Elapsed);
        });

        var bare = await Harness.MeasureAsync("bare_replay", "s", o, async _ =>
        {
            var system = ActorSystem.Create("replay", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(journal.Config));
            try
            {
                var clock = Stopwatch.StartNew();
                var actors = ids.Select(id => system.ActorOf(Props.Create(() => new Replayer($"position-{id}")))).ToArray();
                var counts = await Task.WhenAll(actors.Select(a => a.Ask<int>("count", TimeSpan.FromMinutes(10))));
                clock.Stop();
                if (counts.Any(c => c != EventsPerPosition)) throw new InvalidOperationException("a bare actor replayed fewer than 20 events");
                return new Sample(clock.Elapsed.TotalSeconds, positions, clock.Elapsed);
            }
            finally
            {
                await system.Terminate();
            }
        });
        return new MetricResult("recovery_time",
            $"seconds from starting {positions:N0} PositionActors ({EventsPerPosition} events each, PostgreSQL) until every one is recovered and has marked a quote",
            engine, bare, Math.Round(engine.Median / bare.Median, 4),
            new Dictionary<string, object>
            {
                ["positions"] = positions, ["events_per_position"] = EventsPerPosition, ["journal_events"] = positions * EventsPerPosition,
                ["scale"] = o.Quick ? "quick: 500 positions (issue: 10,000)" : "full: 10,000 positions",
            });
    }

    /// <summary>Twenty events of an open YES position of 100 at 0.60 whose trailing stop moved 15 times (peak 0.660 to 0.674).</summary>
    private static List<IPrecogEvent> History(PositionId id, MarketTicker ticker, int n)
    {
        var order = new ClientOrderId(new Guid(n + 1, 9, 9, new byte[8]));
        var at = T0;
        var cfg = TrailingStopSettings.Default;
        var events = new List<IPrecogEvent>
        {
            new PositionOpened(id, EngineRig.Platform, ticker, Side.Yes, new Quantity(100), new Price(0.60m), EngineRig.Strategies[0].Label,
                Precog.Domain.Models.NflWinModel.DefaultLabel, null, ConfidenceTier.High, cfg, at),
            new EntryOrderPlanned(id, order, new Quantity(100), new Price(0.60m), at),
            new OrderAcknowledged(id, order, $"e{n}", at.AddSeconds(1)),
            new FillRecorded(id, order, $"e{n}", $"te{n}", OrderAction.Buy, new Quantity(100), new Price(0.60m), new Money(1.68m), true, at.AddSeconds(1)),
            new EntryCompleted(id, new Quantity(100), at.AddSeconds(1)),
        };
        for (var k = 0; k < 15; k++)
        {
            var peak = 0.660m + 0.001m * k;
            events.Add(new TrailingStopMoved(id, new TrailingStopState(true, at.AddMinutes(1), new Price(0.66m), new Price(peak), peak * (1 - cfg.InitialDistance),
                cfg.InitialDistance, cfg), at.AddMinutes(1 + k)));
        }
        return events;
    }

    /// <summary>A bare persistent actor: replays its events, counting them, and answers the count.</summary>
    private sealed class Replayer : ReceivePersistentActor
    {
        private int _count;

        public Replayer(string id)
        {
            PersistenceId = id;
            Recover<object>(e =>
            {
                if (e is not RecoveryCompleted) _count++;
            });
            Command<string>(_ => Sender.Tell(_count));
        }

        public override string PersistenceId { get; }
    }
}
