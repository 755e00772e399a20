using Microsoft.Extensions.Hosting;
using Precog.Actors.Hosting;
using Precog.Domain.Values;
using Precog.Exchanges;
using Precog.Persistence.ReadModels;
using Serilog;

namespace Precog.Host;

/// <summary>
/// A live node's summary when it is stopped (Ctrl+C, SIGTERM): once the SCD writer has projected what the engine
/// journaled, the same summary the simulated day ends with, over everything in the node's database (every session on
/// it, not only this one), and the venue's cash. Registered after the engine's services, so it runs while they still do.
/// </summary>
public sealed class SessionSummaryService(NodeSettings node, EngineOptions engine) : IHostedService
{
    /// <summary>How long the stop waits for the projection to catch up with the journal.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await DaySummaryReport.ProjectionCaughtUpAsync(node, Patience, cancellationToken);
            Money? balance = null;
            try
            {
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                bounded.CancelAfter(TimeSpan.FromSeconds(5));
                balance = await engine.Exchange.GetBalanceAsync(bounded.Token);
            }
            catch (Exception e) when (e is ExchangeException or OperationCanceledException)
            {
                Log.Warning("Exchange balance not read for the summary: {Reason}", e.Message);
            }
            DaySummaryReport.Print($"Session summary ({node.Database})", await DaySummary.ReadAsync(node.Database, cancellationToken), balance);
        }
        catch (OperationCanceledException)
        {
            Log.Warning("The node stopped before its summary could be read");
        }
    }
}
