using Microsoft.Extensions.Hosting;
using Precog.Persistence.Projection;
using Serilog;

namespace Precog.Host;

/// <summary>
/// Runs the SCD writer for the node's database for as long as the node runs: the relational tables follow
/// the journal (docs/PERSISTENCE.md). Faults are logged as errors naming the row; the writer retries by itself.
/// On a cluster it becomes a singleton with the cluster issue.
/// </summary>
public sealed class ScdWriterService(NodeSettings settings, TimeProvider time, Admin.NodeHealth health) : BackgroundService, IScdWriterObserver
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writer = new ScdWriter(settings.Database, settings.ScdWriter, time, this);
        return Task.Run(() => writer.RunAsync(stoppingToken), stoppingToken);
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
        if (events > 0) Log.Debug("SCD writer applied {Events} events, journal ordering {Offset}", events, offset);
    }
}
