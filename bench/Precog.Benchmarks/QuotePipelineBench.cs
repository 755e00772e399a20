using System.Diagnostics;
using Akka.Actor;
using Precog.Actors.Markets;
using Precog.Actors.Positions;
using Precog.Benchmarks.Rig;
using Precog.Domain.Values;

namespace Precog.Benchmarks;

/// <summary>
/// quote_pipeline_rate: quote changes per second fully processed by the engine's actors: the MarketActor applies the
/// change, publishes the new top, recomputes the edges of both strategies (persisting them when they move, as they do
/// here at every quote) and persists its quote history (coalesced to one event per 250 ms, the production setting);
/// every position on the market marks itself and evaluates its ten exit conditions. 10 positions per market; the
/// quotes move the YES bid by a cent up and down, so nothing exits (the scenario checks no order reached the venue).
/// A run ends when every market has answered after its last quote (its persists done) and every position has marked
/// its market's last quote. Baseline: raw_persist_rate of 100 bare actors on the same journal.
/// </summary>
public static class QuotePipelineBench
{
    public const int PositionsPerMarket = 10;

    public static async Task<MetricResult> RunAsync(BenchOptions o, JournalProvider provider)
    {
        // every journal at the issue's size: SQLite writes one event at a time (STACK_NOTES: ~1-4k events/s), so opening
        // its 10,000 positions takes a minute or two of set-up (not measured)
        var markets = o.Quick ? 30 : 1000;
        var quotesPerMarket = o.Quick ? 10 : 20;
        var name = $"quote_pipeline_rate.{ScratchJournal.Name(provider)}";
        await using var journal = await ScratchJournal.CreateAsync(provider, o);
        Series pipeline;
        long journaled;
        var sw = Stopwatch.StartNew();
        await using (var rig = await EngineRig.StartAsync("pipeline", journal.Config))
        {
            await rig.AddMarketsAsync(markets);
            await rig.OpenPositionsAsync(PositionsPerMarket);
            Harness.Log($"{name}: {markets:N0} markets, {rig.Positions.Count:N0} open positions ready in {sw.Elapsed.TotalSeconds:0.0}s");
            var before = await journal.CountAsync("market-");
            pipeline = await Harness.MeasureAsync(name, "quotes/s", o, async _ =>
            {
                var last = new Dictionary<MarketTicker, DateTimeOffset>();
                var clock = Stopwatch.StartNew();
                for (var r = 0; r < quotesPerMarket; r++)
                    foreach (var (ticker, actor) in rig.Markets)
                    {
                        var q = rig.NextQuote(ticker);
                        actor.Tell(q);
                        last[ticker] = q.Data.At;
                    }
                await AllProcessedAsync(rig, last);
                clock.Stop();
                if (rig.Exchange.Sells != 0)
                    throw new InvalidOperationException($"{rig.Exchange.Sells} exit orders reached the venue: the quotes were meant to fire none");
                return Harness.Rate((long)quotesPerMarket * markets, clock);
            });
            journaled = (await journal.CountAsync("market-") ?? 0) - (before ?? 0);
        }
        var baseline = await PersistBench.RunAsync(o, journal, $"raw_persist_rate.{ScratchJournal.Name(provider)}");
        var work = new Dictionary<string, object>
        {
            ["markets"] = markets, ["open_positions"] = markets * PositionsPerMarket, ["quotes_per_run"] = markets * quotesPerMarket,
            ["marks_per_run"] = markets * quotesPerMarket * PositionsPerMarket,
            ["scale"] = $"{(o.Quick ? "quick" : "full")}: {markets:N0} markets, {markets * PositionsPerMarket:N0} positions" + (markets < 1000 ? " (issue: 1,000 and 10,000)" : ""),
        };
        if (journal.Target is not null) work["market_events_journaled"] = journaled;
        return new MetricResult(name,
            $"quote changes/s fully processed by {markets:N0} MarketActors and {markets * PositionsPerMarket:N0} open PositionActors on the {ScratchJournal.Name(provider)} journal (edges recomputed and persisted, every position marked and its exits evaluated)",
            pipeline, baseline, Math.Round(pipeline.Median / baseline.Median, 4), work);
    }

    /// <summary>
    /// Waits until every market answered after its last quote (a MarketActor takes no command while a persist is in
    /// flight, so the answer comes after its persists) and every position marked its market's last quote.
    /// </summary>
    public static async Task AllProcessedAsync(EngineRig rig, IReadOnlyDictionary<MarketTicker, DateTimeOffset> last)
    {
        var views = await Task.WhenAll(rig.Markets.Select(m => m.Actor.Ask<MarketView>(new GetMarket(EngineRig.Platform, m.Ticker), TimeSpan.FromMinutes(5))));
        var behind = views.Count(v => v.Quote?.At != last[v.Ticker] || v.Edges.Count == 0);
        if (behind > 0) throw new InvalidOperationException($"{behind} markets did not apply their last quote or price its edges");
        var pending = rig.Positions.Where(p => last.ContainsKey(p.Ticker)).ToList();
        await EngineRig.Eventually(async () =>
        {
            var snaps = await Task.WhenAll(pending.Select(p => p.Actor.Ask<PositionSnapshot>(new GetPositionSnapshot(p.Id), TimeSpan.FromMinutes(5))));
            pending = pending.Where((_, i) => snaps[i].LastQuote?.At != last[pending[i].Ticker]).ToList();
            return pending.Count == 0;
        }, "every position to mark its market's last quote", maxPause: 20);
    }
}
