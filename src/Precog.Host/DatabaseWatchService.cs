using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Precog.Actors.Breakers;
using Precog.Actors.Hosting;
using Precog.Domain.Breakers;
using Precog.Persistence.Schema;
using Serilog;

namespace Precog.Host;

/// <summary>
/// Feeds the persistence breaker (TRADING_RULES.md §5) from a look at the node's database every
/// <c>precog.trading.breakers.database-check-interval</c>: a connection opened and one trivial query, within
/// <see cref="Patience"/>. The breaker actor itself journals its trips, which it cannot do while the journal is gone, so
/// while the database is away this service publishes the breaker open on the breaker topic itself: every board blocks
/// entries at once, with nothing written. When the database answers again it publishes the breaker closed and then tells
/// the breaker actor what happened (failed at the first miss, succeeded now), so the outage is journaled, alerted and in
/// <c>circuit_breaker_events</c> after the fact.
/// <para>
/// Before its first look it starts every breaker whose id is fixed (the global ones and api_failures of Kalshi): the
/// breakers are remembered entities, and a shard first allocated while the database is away cannot be remembered; Akka's
/// coordinator then retries a store that has stopped, for good (docs/RELIABILITY.md, "Open"). Started now, none of them
/// is first met in an outage: the daily-loss breaker used to be, at the first fill.
/// </para>
/// </summary>
public sealed class DatabaseWatchService(ActorSystem system, ActorRegistry registry, NodeSettings settings, Admin.NodeHealth health)
    : BackgroundService
{
    /// <summary>How long one look may take before it counts as a miss.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    private static readonly BreakerId Breaker = new(BreakerKind.Persistence, BreakerId.Global);

    /// <summary>The wall clock: the database is looked at in real time, also on a node whose engine runs on another clock.</summary>
    private static readonly TimeProvider Time = TimeProvider.System;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var breakers = await registry.GetAsync<BreakerRegion>(stoppingToken);
        await StartBreakersAsync(breakers, stoppingToken);
        var topic = BreakerTopic.PubSub(DistributedPubSub.Get(system).Mediator);
        (DateTimeOffset At, string Reason)? down = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var failure = await LookAsync(stoppingToken);
            if (stoppingToken.IsCancellationRequested) return;
            var now = Time.GetUtcNow();
            if (failure is not null && down is null)
            {
                down = (now, failure);
                health.JournalFailed($"the database does not answer: {failure}");
                Log.Error("Database {Database} does not answer ({Reason}): the persistence breaker is open, no entry is made until it answers again",
                    settings.Database, failure);
            }
            if (down is { } d)
            {
                if (failure is not null)
                {
                    // published at every miss, so a board that started meanwhile learns it too
                    topic.Publish(new BreakerStateChanged(Breaker, BreakerStatus.Open, $"journal write failed: {d.Reason}", d.At), ActorRefs.Nobody);
                }
                else
                {
                    down = null;
                    health.JournalSucceeded();
                    topic.Publish(new BreakerStateChanged(Breaker, BreakerStatus.Closed, "journal writes succeed again", now), ActorRefs.Nobody);
                    breakers.Tell(new SignalBreaker(Breaker, new JournalWriteFailed(d.At, d.Reason)));
                    breakers.Tell(new SignalBreaker(Breaker, new JournalWriteSucceeded(now)));
                    Log.Information("Database {Database} answers again after {Seconds:0} s: the persistence breaker is closed", settings.Database, (now - d.At).TotalSeconds);
                }
            }
            try
            {
                await Task.Delay(settings.Trading.Breakers.DatabaseCheckInterval, Time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static readonly BreakerId[] FixedBreakers =
    [
        new(BreakerKind.DailyLossLimit, BreakerId.Global), new(BreakerKind.ConsecutiveLosses, BreakerId.Global),
        new(BreakerKind.PositionLimit, BreakerId.Global), new(BreakerKind.Persistence, BreakerId.Global),
        new(BreakerKind.Manual, BreakerId.Global), new(BreakerKind.ApiFailures, Precog.Exchanges.Kalshi.KalshiSettings.Platform),
    ];

    private static async Task StartBreakersAsync(IActorRef breakers, CancellationToken ct)
    {
        foreach (var id in FixedBreakers)
        {
            try
            {
                await breakers.Ask<BreakerState>(new GetBreakerState(id), TimeSpan.FromSeconds(30), ct);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                Log.Warning("Breaker {Breaker} did not start within 30 s: an outage before it starts would leave it unable to", id);
            }
        }
    }

    /// <summary>Null when the database answered; else why not, in one line (no secret: the target prints masked).</summary>
    private async Task<string?> LookAsync(CancellationToken stoppingToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        bounded.CancelAfter(Patience);
        try
        {
            await using var connection = await MigrationRunner.OpenAsync(settings.Database, bounded.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(bounded.Token);
            return null;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return $"no answer within {Patience.TotalSeconds:0} s";
        }
        catch (Exception e) when (e is MigrationException or System.Data.Common.DbException or InvalidOperationException or IOException or System.Net.Sockets.SocketException)
        {
            return e is MigrationException ? e.InnerException?.Message ?? e.Message : e.Message;
        }
    }
}
