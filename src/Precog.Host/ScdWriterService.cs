using Akka.Actor;
using Microsoft.Extensions.Hosting;
using Precog.Actors.Metrics;
using Precog.Persistence.Projection;
using Serilog;

namespace Precog.Host;

/// <summary>
/// Runs the SCD writer for the node's database for as long as a single node runs: the relational tables follow
/// the journal (docs/PERSISTENCE.md). Faults are logged as errors naming the row; the writer retries by itself.
/// On a cluster the writer is the <see cref="ScdWriterSingleton"/> instead. Every <see cref="LagInterval"/> it reads the
/// journal's end for the writer-lag gauge (one MAX(ordering) query).
/// </summary>
public sealed class ScdWriterService(NodeSettings settings, TimeProvider time, Admin.NodeHealth health) : BackgroundService
{
    public static readonly TimeSpan LagInterval = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var log = new ScdWriterLog(health);
        var writer = new ScdWriter(settings.Database, settings.ScdWriter, time, log);
        return Task.WhenAll(Task.Run(() => writer.RunAsync(stoppingToken), stoppingToken), Task.Run(() => MeasureLagAsync(writer, log, stoppingToken), stoppingToken));
    }

    private async Task MeasureLagAsync(ScdWriter writer, ScdWriterLog log, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (log.Offset < 0) log.KnowOffset(await writer.OffsetAsync(ct));
                var end = await writer.JournalEndAsync(ct);
                PrecogMetrics.ScdWriterLag(Math.Max(0, end - log.Offset));
                await Task.Delay(LagInterval, time, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // the writer itself reports the database's faults; the gauge goes quiet rather than lie
                PrecogMetrics.ScdWriterLag(null);
                Log.Debug("SCD writer lag not measured: {Reason}", e.Message);
                try
                {
                    await Task.Delay(LagInterval, time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}

/// <summary>
/// The SCD writer of a cluster: one cluster singleton, so one node writes the projection at a time. Its batches are
/// exactly-once even against a second writer (each commits only from the offset it read), so a hand-over or a node
/// that dies mid-batch neither loses nor repeats a row; the singleton only keeps the others from wasting their work.
/// Stopping waits for the batch under way to end, so the next node starts from a settled offset.
/// </summary>
public sealed class ScdWriterSingleton : ReceiveActor
{
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(10);

    private readonly ScdWriter _writer;
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public ScdWriterSingleton(ScdWriter writer) => _writer = writer;

    public static Props Props(NodeSettings settings, TimeProvider time, Admin.NodeHealth health) =>
        Akka.Actor.Props.Create(() => new ScdWriterSingleton(new ScdWriter(settings.Database, settings.ScdWriter, time, new ScdWriterLog(health))));

    protected override void PreStart()
    {
        Log.Information("SCD writer started on this node (the cluster's singleton)");
        _run = Task.Run(() => _writer.RunAsync(_stop.Token));
    }

    protected override void PostStop()
    {
        _stop.Cancel();
        try
        {
            _run?.Wait(StopPatience);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
        }
        _stop.Dispose();
        Log.Information("SCD writer stopped on this node");
    }
}

/// <summary>What the SCD writer reports, as log lines and the node's journal health.</summary>
public sealed class ScdWriterLog(Admin.NodeHealth health) : IScdWriterObserver
{
    private long _offset = -1; // the writer's offset as its batches report it; -1 until known

    /// <summary>The journal ordering the writer has projected up to, or -1 before it is known.</summary>
    public long Offset => Interlocked.Read(ref _offset);

    /// <summary>The offset read from the database before the first batch reports one.</summary>
    public void KnowOffset(long offset) => Interlocked.CompareExchange(ref _offset, offset, -1);

    public void Faulted(ScdWriterFault fault)
    {
        health.JournalFailed($"the SCD writer stopped at journal offset {fault.Offset}");
        Log.Error("SCD writer stopped at journal offset {Offset}: {Reason}; it retries until the cause is fixed", fault.Offset, fault.Message);
    }

    public void Recovered(long offset)
    {
        health.JournalSucceeded();
        Log.Information("SCD writer resumed at journal ordering {Offset}", offset);
    }

    public void GapSkipped(long from, long to) => Log.Warning("SCD writer passed over journal orderings {From}-{To}, which never committed", from, to);

    public void BatchApplied(int events, long offset)
    {
        Interlocked.Exchange(ref _offset, offset);
        if (events > 0) Log.Debug("SCD writer applied {Events} events, journal ordering {Offset}", events, offset);
    }
}

/// <summary>Where the cluster's SCD writer is composed.</summary>
public static class ScdWriterComposition
{
    /// <summary>On a cluster, the SCD writer as a singleton on any node (a single node runs <see cref="ScdWriterService"/>).</summary>
    public static Akka.Hosting.AkkaConfigurationBuilder WithScdWriterSingleton(this Akka.Hosting.AkkaConfigurationBuilder builder, NodeSettings settings, ClusterNodeSettings? cluster)
    {
        if (cluster is null) return builder;
        return Akka.Cluster.Hosting.AkkaClusterHostingExtensions.WithSingleton<ScdWriterKey>(builder, "scd-writer",
            (_, _, resolver) => ScdWriterSingleton.Props(settings, TimeProvider.System, resolver.GetService<Admin.NodeHealth>()),
            new Akka.Cluster.Hosting.ClusterSingletonOptions(), createProxyToo: false);
    }
}

/// <summary>The registry key of the cluster's SCD writer singleton.</summary>
public sealed class ScdWriterKey;
