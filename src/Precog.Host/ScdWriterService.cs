using Microsoft.Extensions.Hosting;
using Precog.Actors.Metrics;
using Precog.Persistence.Projection;
using Serilog;

namespace Precog.Host;

/// <summary>
/// Runs the SCD writer for the node's database for as long as the node runs: the relational tables follow
/// the journal (docs/PERSISTENCE.md). Faults are logged as errors naming the row; the writer retries by itself.
/// On a cluster it becomes a singleton with the cluster issue. Every <see cref="LagInterval"/> it reads the journal's
/// end for the writer-lag gauge (one MAX(ordering) query).
/// </summary>
public sealed class ScdWriterService(NodeSettings settings, TimeProvider time, Admin.NodeHealth health) : BackgroundService, IScdWriterObserver
{
    public static readonly TimeSpan LagInterval = TimeSpan.FromSeconds(5);

    private long _offset = -1; // the writer's offset as its batches report it; -1 until known

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writer = new ScdWriter(settings.Database, settings.ScdWriter, time, this);
        return Task.WhenAll(Task.Run(() => writer.RunAsync(stoppingToken), stoppingToken), Task.Run(() => MeasureLagAsync(writer, stoppingToken), stoppingToken));
    }

    private async Task MeasureLagAsync(ScdWriter writer, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (Interlocked.Read(ref _offset) < 0) Interlocked.CompareExchange(ref _offset, await writer.OffsetAsync(ct), -1);
                var end = await writer.JournalEndAsync(ct);
                PrecogMetrics.ScdWriterLag(Math.Max(0, end - Interlocked.Read(ref _offset)));
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
