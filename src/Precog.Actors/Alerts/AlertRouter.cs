using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Precog.Domain.Alerts;

using Precog.Actors.Time;

namespace Precog.Actors.Alerts;

/// <summary>
/// One per node (persistence id alerts-{node}): fingerprints and suppresses alerts (§6), journals them, then sends
/// each unsuppressed alert to the channels of its severity. The database channel is the journal itself (the SCD
/// writer projects AlertRaised). A channel that fails is logged; it never stops the router or the other channels.
/// </summary>
public sealed class AlertRouter : ReceivePersistentActor
{
    private readonly IReadOnlyList<IAlertChannel> _channels;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private AlertLedger _ledger;

    public AlertRouter(string node, IReadOnlyList<IAlertChannel> channels, AlertSettings settings, TimeProvider clock)
    {
        PersistenceId = $"alerts-{node}";
        _channels = channels;
        _clock = clock;
        _ledger = AlertLedger.Empty(settings);

        Recover<AlertRaised>(e => _ledger = _ledger.Apply(e));
        Recover<AlertAcknowledged>(e => _ledger = _ledger.Apply(e));
        Recover<AlertResolved>(e => _ledger = _ledger.Apply(e));

        Command<RaiseAlert>(Raise);
        Command<AcknowledgeAlert>(c => Record(c.AlertId, _ledger.Acknowledge(c, _clock.GetUtcNow())));
        Command<ResolveAlert>(c => Record(c.AlertId, _ledger.Resolve(c, _clock.GetUtcNow())));
        Command<GetAlerts>(q => Sender.Tell(new AlertList(_ledger.Alerts.Values
            .Where(a => !q.UnresolvedOnly || a.Status != AlertStatus.Resolved).OrderBy(a => a.RaisedAt).ToList())));
        Command<AlertDeliveryFailed>(f => _log.Warning("alert {0} not delivered to {1}: {2}", f.AlertId, f.Channel, f.Reason));
        Command<AlertDelivered>(_ => { });
    }

    public override string PersistenceId { get; }

    public static Props Props(string node, IReadOnlyList<IAlertChannel> channels, AlertSettings? settings = null, TimeProvider? clock = null) =>
        Akka.Actor.Props.Create(() => new AlertRouter(node, channels, settings ?? AlertSettings.Default, clock ?? TimeProvider.System));

    private void Raise(RaiseAlert c)
    {
        var replyTo = Sender;
        Persist(_ledger.Raise(Guid.NewGuid(), c, c.At ?? _clock.GetUtcNow()), e =>
        {
            _ledger = _ledger.Apply(e);
            // breakers and the engine raise alerts with no sender: an answer to nobody would be a dead letter logged at every alert
            if (!replyTo.IsNobody()) replyTo.Tell(new AlertRecorded(e.Alert));
            Route(e.Alert);
        });
    }

    private void Record<T>(Guid id, (T? Event, string? Refusal) decision) where T : class
    {
        if (decision.Event is not { } evt)
        {
            Sender.Tell(new AlertRefused(id, decision.Refusal!));
            return;
        }
        var replyTo = Sender;
        Persist(evt, e =>
        {
            _ledger = _ledger.Apply((Domain.IPrecogEvent)e);
            replyTo.Tell(new AlertRecorded(_ledger.Alerts[id]));
        });
    }

    /// <summary>The last delivery handed to each channel: the next one waits for it.</summary>
    private readonly Dictionary<AlertChannel, Task> _deliveries = new();

    private void Route(Alert alert)
    {
        var emailConfigured = _channels.Any(c => c.Channel == AlertChannel.Email);
        var wanted = alert.Channels(emailConfigured);
        foreach (var channel in _channels.Where(c => wanted.Contains(c.Channel)))
        {
            var kind = channel.Channel;
            // Off the actor's thread (a slow or throwing channel must not hold up the router), but one alert after
            // the other per channel: a file or a webhook receives them in the order they were raised.
            var before = _deliveries.GetValueOrDefault(kind, Task.CompletedTask);
            Context.System.RunCounted(() =>
            {
                var delivery = before.ContinueWith(_ => channel.SendAsync(alert, CancellationToken.None), CancellationToken.None,
                    TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
                _deliveries[kind] = delivery;
                return delivery.ContinueWith(t =>
                {
                    t.GetAwaiter().GetResult(); // a failed delivery fails this one, named below
                    return kind;
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }, Self,
                success: k => new AlertDelivered(alert.Id, k),
                failure: ex => new AlertDeliveryFailed(alert.Id, kind, ex.Message));
        }
    }

    private sealed record AlertDelivered(Guid AlertId, AlertChannel Channel);

    private sealed record AlertDeliveryFailed(Guid AlertId, AlertChannel Channel, string Reason);
}
