using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Precog.Domain.Breakers;

namespace Precog.Actors.Metrics;

/// <summary>
/// The engine's instruments (System.Diagnostics.Metrics, meter <c>Precog</c>), exported by the node through
/// OpenTelemetry's Prometheus endpoint. Counters and histograms cost one enabled-check when nobody listens (tests,
/// backtests); gauges are read only when scraped, from values the actors leave here as they change.
/// Process-wide: one node is one actor system per process; several in-process systems (tests) would share them.
/// </summary>
public static class PrecogMetrics
{
    public const string MeterName = "Precog";

    private static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>Market data events the feed handed to the markets (book snapshots, deltas, lifecycle changes).</summary>
    public static readonly Counter<long> TicksIn = Meter.CreateCounter<long>("precog.ticks_in", description: "Market data events received by the market feed");

    /// <summary>Quote history rows journaled by the markets (coalesced: not every tick is one).</summary>
    public static readonly Counter<long> QuotesPersisted = Meter.CreateCounter<long>("precog.quotes_persisted", description: "Quotes journaled by the market actors");

    /// <summary>Edges priced: one per strategy version and side each time a market reprices.</summary>
    public static readonly Counter<long> EdgesComputed = Meter.CreateCounter<long>("precog.edges_computed", description: "Edges computed (per strategy version and side)");

    public static readonly Counter<long> OrdersSent = Meter.CreateCounter<long>("precog.orders_sent", description: "Orders the gateway placed on the venue");

    public static readonly Counter<long> OrdersFilled = Meter.CreateCounter<long>("precog.orders_filled", description: "Orders the venue reported executed");

    public static readonly Counter<long> OrdersRejected = Meter.CreateCounter<long>("precog.orders_rejected", description: "Orders the venue refused");

    public static readonly Counter<long> BreakerTrips = Meter.CreateCounter<long>("precog.breaker_trips", description: "Breaker transitions to open");

    /// <summary>From the exit's trigger to its completion, on the engine's clock (the virtual clock in a simulated day).</summary>
    public static readonly Histogram<double> ExitLatency = Meter.CreateHistogram<double>("precog.exit_latency", "s",
        "Exit latency from trigger to completion, on the engine clock",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });

    /// <summary>From an actor's Persist to its handler (wall clock): the journal's write round trip as the actor sees it.</summary>
    public static readonly Histogram<double> JournalWriteLatency = Meter.CreateHistogram<double>("precog.journal_write_latency", "ms",
        "Journal write latency from Persist to its handler, wall clock",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000] });

    private static int? _openPositions;
    private static long? _scdWriterLag;
    private static readonly ConcurrentDictionary<string, BreakerStatus> Breakers = new(StringComparer.Ordinal);
    private static Func<IEnumerable<(string Actor, long Depth)>>? _mailboxes;

    static PrecogMetrics()
    {
        Meter.CreateObservableGauge("precog.open_positions", () => _openPositions is { } n ? [new Measurement<int>(n)] : Array.Empty<Measurement<int>>(),
            description: "Open positions in the risk manager's ledger (reported by the node hosting the risk manager)");
        Meter.CreateObservableGauge("precog.breaker_state", () => Breakers.Select(b => new Measurement<int>((int)b.Value, new KeyValuePair<string, object?>("breaker", b.Key))),
            description: "Breaker state per breaker hosted on this node: 0 closed, 1 open, 2 half-open");
        Meter.CreateObservableGauge("precog.scd_writer_lag", () => _scdWriterLag is { } lag ? [new Measurement<long>(lag)] : Array.Empty<Measurement<long>>(),
            description: "Journal events the SCD writer has not yet projected (journal end minus its offset)");
        Meter.CreateObservableGauge("precog.mailbox_depth", () => (_mailboxes?.Invoke() ?? []).Select(m => new Measurement<long>(m.Depth, new KeyValuePair<string, object?>("actor", m.Actor))),
            description: "Messages waiting in the mailboxes of this node's busiest actors");
    }

    public static void OpenPositions(int? count) => _openPositions = count;

    public static void ScdWriterLag(long? events) => _scdWriterLag = events;

    public static void Breaker(BreakerId id, BreakerStatus? status)
    {
        if (status is { } s) Breakers[id.ToString()] = s;
        else Breakers.TryRemove(id.ToString(), out _);
    }

    /// <summary>Where the mailbox gauge reads from (the node's actor inspector); null stops reporting.</summary>
    public static void Mailboxes(Func<IEnumerable<(string Actor, long Depth)>>? source) => _mailboxes = source;

    public static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);

    /// <summary>A start for <see cref="ElapsedMs"/>: a timestamp, no allocation.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    public static double ElapsedMs(long start) => Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}
