using System.Diagnostics;
using Akka.Actor;
using HdrHistogram;
using Precog.Benchmarks.Rig;
using Precog.Domain.Positions;

namespace Precog.Benchmarks;

/// <summary>
/// exit_latency: from the moment a quote that fires an exit is handed to its MarketActor to the moment the exit
/// order reaches the exchange port (<see cref="BenchExchange.PlaceOrderAsync"/>), on PostgreSQL, while the markets
/// are quoted at 1,000 quote changes/s. On the way: the market applies the book and persists its edges, publishes
/// the quote; each of its 10 positions marks, its stop loss fires, it persists the trigger and the attempt (with
/// its client order id) before sending; the gateway persists the order's route, then calls the port. Every
/// market fires once per run (its YES bid drops from 0.60 to 0.40), spread over the middle 80% of the run, so each
/// firing quote sends 10 exits at once. Each run opens fresh positions. Percentiles by HdrHistogram (µs).
/// Baseline: the p50 of a single raw persist round trip on the same database.
/// </summary>
public static class ExitLatencyBench
{
    public const int QuotesPerSecond = 1000;

    public static async Task<MetricResult> RunAsync(BenchOptions o)
    {
        var markets = o.Quick ? 50 : 500;
        var seconds = o.Quick ? 2 : 10;
        const int perMarket = 10;
        await using var journal = await ScratchJournal.CreateAsync(JournalProvider.PostgreSql, o);
        var runs = new List<Dictionary<string, object>>();
        var merged = new LongHistogram(TimeStamp.Minutes(10), 3);
        Series latency;
        await using (var rig = await EngineRig.StartAsync("exits", journal.Config))
        {
            await rig.AddMarketsAsync(markets);
            var index = rig.Markets.Select((m, i) => (m.Ticker, i)).ToDictionary(x => x.Ticker, x => x.i);
            var firedAt = new long[markets];
            var gate = new object();
            LongHistogram? current = null;
            rig.Exchange.OnPlace = order =>
            {
                if (order.Action != OrderAction.Sell) return;
                var micros = Stopwatch.GetElapsedTime(Volatile.Read(ref firedAt[index[order.Ticker]])).Ticks / 10;
                lock (gate) current?.RecordValue(micros);
            };
            latency = await Harness.MeasureAsync("exit_latency", "µs p50", o, async run =>
            {
                foreach (var (ticker, actor) in rig.Markets) actor.Tell(rig.Snapshot(ticker, 0.60m));
                var opened = await rig.OpenPositionsAsync(perMarket);
                var sellsBefore = rig.Exchange.Sells;
                var histogram = new LongHistogram(TimeStamp.Minutes(10), 3);
                lock (gate) current = histogram;

                var total = QuotesPerSecond * seconds;
                var fireAt = Enumerable.Range(0, markets).ToDictionary(m => (int)(total * 0.1 + m * (total * 0.8 / markets)), m => m);
                var fired = new bool[markets];
                var clock = Stopwatch.StartNew();
                var next = 0;
                var rr = 0;
                while (next < total)
                {
                    var due = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * QuotesPerSecond));
                    for (; next < due; next++)
                    {
                        if (fireAt.TryGetValue(next, out var m))
                        {
                            var (ticker, actor) = rig.Markets[m];
                            var drop = rig.Snapshot(ticker, 0.40m);
                            fired[m] = true;
                            Volatile.Write(ref firedAt[m], Stopwatch.GetTimestamp());
                            actor.Tell(drop);
                            continue;
                        }
                        // an ordinary quote change of the next market that has not fired yet
                        for (var tries = 0; tries < markets && fired[rr]; tries++) rr = (rr + 1) % markets;
                        if (!fired[rr]) rig.Markets[rr].Actor.Tell(rig.NextQuote(rig.Markets[rr].Ticker));
                        rr = (rr + 1) % markets;
                    }
                    await Task.Delay(1);
                }
                var sent = clock.Elapsed;
                await EngineRig.Eventually(() => Task.FromResult(rig.Exchange.Sells - sellsBefore >= opened.Count), "every position's exit order at the venue");
                lock (gate) current = null;
                if (histogram.TotalCount != opened.Count || rig.Exchange.Sells - sellsBefore != opened.Count)
                    throw new InvalidOperationException($"{histogram.TotalCount} exits timed and {rig.Exchange.Sells - sellsBefore} at the venue, expected {opened.Count}");
                if (run >= 0)
                {
                    merged.Add(histogram);
                    runs.Add(Percentiles(histogram, sent));
                }
                return new Sample(histogram.GetValueAtPercentile(50), histogram.TotalCount, sent);
            });
        }
        var roundTrips = o.Quick ? 200 : 1000;
        var baseline = await Harness.MeasureAsync("raw_persist_round_trip", "µs p50", o, async _ =>
        {
            var sw = Stopwatch.StartNew();
            var h = await PersistBench.RoundTripAsync(journal, roundTrips);
            return new Sample(h.GetValueAtPercentile(50), h.TotalCount, sw.Elapsed);
        });
        return new MetricResult("exit_latency",
            $"µs from a firing quote handed to its MarketActor to the exit order at the exchange port, at {QuotesPerSecond:N0} quotes/s on PostgreSQL ({markets:N0} markets × {perMarket} positions, every market firing once per run); series = each run's p50",
            latency, baseline, Math.Round(latency.Median / baseline.Median, 4),
            new Dictionary<string, object>
            {
                ["markets"] = markets, ["positions_per_run"] = markets * perMarket, ["exits_per_run"] = markets * perMarket,
                ["quotes_per_run"] = QuotesPerSecond * seconds, ["quotes_per_second"] = QuotesPerSecond,
                ["scale"] = o.Quick ? "quick: 50 markets × 10 positions, 2 s of quotes" : "full: 500 markets × 10 positions, 10 s of quotes",
            })
        {
            Details = new Dictionary<string, object>
            {
                ["runs"] = runs,
                ["all_runs"] = Percentiles(merged, null),
                ["median_p99_us"] = Harness.Summarize("p99", "µs", runs.Select(r => Convert.ToDouble(r["p99_us"], System.Globalization.CultureInfo.InvariantCulture)).ToList()).Median,
                ["median_p999_us"] = Harness.Summarize("p99.9", "µs", runs.Select(r => Convert.ToDouble(r["p999_us"], System.Globalization.CultureInfo.InvariantCulture)).ToList()).Median,
                ["baseline_round_trips_per_run"] = roundTrips,
            },
        };
    }

    private static Dictionary<string, object> Percentiles(LongHistogram h, TimeSpan? sent)
    {
        var d = new Dictionary<string, object>
        {
            ["count"] = h.TotalCount,
            ["p50_us"] = h.GetValueAtPercentile(50),
            ["p99_us"] = h.GetValueAtPercentile(99),
            ["p999_us"] = h.GetValueAtPercentile(99.9),
            ["max_us"] = h.GetMaxValue(),
        };
        if (sent is { } s) d["quote_seconds"] = Math.Round(s.TotalSeconds, 2);
        return d;
    }
}
