using System.Collections.Immutable;
using Precog.Domain;
using Precog.Domain.Alerts;

namespace Precog.Actors.Alerts;

/// <summary>The AlertRouter's state: every alert of this node and the suppressor's memory, rebuilt from the same events in recovery and live.</summary>
public sealed record AlertLedger(ImmutableDictionary<Guid, Alert> Alerts, AlertSuppressor Suppressor)
{
    public static AlertLedger Empty(AlertSettings settings) =>
        new(ImmutableDictionary<Guid, Alert>.Empty, AlertSuppressor.Create(settings.SuppressionWindow));

    /// <summary>Applies a journaled event. A sent (unsuppressed) alert restarts its fingerprint's window, as the suppressor decided when it was raised.</summary>
    public AlertLedger Apply(IPrecogEvent e) => e switch
    {
        AlertRaised r => this with
        {
            Alerts = Alerts.SetItem(r.Alert.Id, r.Alert),
            Suppressor = r.Alert.Suppressed ? Suppressor : Suppressor with { LastSent = Suppressor.LastSent.SetItem(r.Alert.Fingerprint, r.Alert.RaisedAt) },
        },
        AlertAcknowledged a => this with { Alerts = Alerts.SetItem(a.AlertId, Alerts[a.AlertId].Acknowledge(a.By, a.At)) },
        AlertResolved r => this with { Alerts = Alerts.SetItem(r.AlertId, Alerts[r.AlertId].Resolve(r.Action, r.By, r.At)) },
        _ => this,
    };

    /// <summary>The event raising an alert: fingerprinted and judged by the suppressor (pruned first so it does not grow without bound).</summary>
    public AlertRaised Raise(Guid id, RaiseAlert c, DateTimeOffset at)
    {
        var (alert, _) = Alert.Raise(id, c.Type, c.Component, c.Severity, c.Message, c.StableDetails, at, Suppressor.Prune(at));
        return new AlertRaised(alert);
    }

    /// <summary>The event acknowledging an alert, or why not (naming it).</summary>
    public (AlertAcknowledged? Event, string? Refusal) Acknowledge(AcknowledgeAlert c, DateTimeOffset at) =>
        Check(c.AlertId, a => a.Acknowledge(c.By, at), () => new AlertAcknowledged(c.AlertId, c.By, at));

    /// <summary>The event resolving an alert, or why not (naming it).</summary>
    public (AlertResolved? Event, string? Refusal) Resolve(ResolveAlert c, DateTimeOffset at) =>
        Check(c.AlertId, a => a.Resolve(c.Action, c.By, at), () => new AlertResolved(c.AlertId, c.Action, c.By, at));

    private (T? Event, string? Refusal) Check<T>(Guid id, Func<Alert, Alert> transition, Func<T> make) where T : class
    {
        if (!Alerts.TryGetValue(id, out var alert)) return (null, $"alert {id} is unknown on this node");
        try
        {
            transition(alert); // the Domain's lifecycle decides; only the event is kept
            return (make(), null);
        }
        catch (AlertTransitionException ex)
        {
            return (null, ex.Message);
        }
    }
}
