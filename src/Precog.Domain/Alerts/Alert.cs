namespace Precog.Domain.Alerts;

/// <summary>Where an alert stands in its life: raised, acknowledged by a person, resolved.</summary>
public enum AlertStatus { Open, Acknowledged, Resolved }

/// <summary>How an alert was resolved.</summary>
public enum ResolutionAction { Fixed, FalsePositive, Ignored, Escalated }

/// <summary>An alert moved where its lifecycle does not allow; names the alert and the move.</summary>
public sealed class AlertTransitionException(string message) : InvalidOperationException(message);

/// <summary>One alert. Raised open; acknowledged, then resolved. Each step records who and when.</summary>
public sealed record Alert(
    Guid Id,
    string Type,
    string Component,
    AlertSeverity Severity,
    string Message,
    string Fingerprint,
    DateTimeOffset RaisedAt,
    bool Suppressed,
    AlertStatus Status = AlertStatus.Open,
    DateTimeOffset? AcknowledgedAt = null,
    string? AcknowledgedBy = null,
    DateTimeOffset? ResolvedAt = null,
    string? ResolvedBy = null,
    ResolutionAction? Resolution = null)
{
    /// <summary>Raises an alert, fingerprinted from its stable details and judged by the suppressor.</summary>
    public static (Alert Alert, AlertSuppressor Suppressor) Raise(
        Guid id, string type, string component, AlertSeverity severity, string message, string stableDetails, DateTimeOffset at, AlertSuppressor suppressor)
    {
        var fingerprint = AlertFingerprint.Of(type, component, stableDetails);
        var (suppressed, next) = suppressor.Offer(fingerprint, at);
        return (new Alert(id, type, component, severity, message, fingerprint, at, suppressed), next);
    }

    public Alert Acknowledge(string by, DateTimeOffset at) => Status == AlertStatus.Open
        ? this with { Status = AlertStatus.Acknowledged, AcknowledgedAt = at, AcknowledgedBy = by }
        : throw new AlertTransitionException($"alert {Id} is {Status.ToString().ToLowerInvariant()}: only an open alert can be acknowledged");

    /// <summary>Resolves an acknowledged alert: a person must have seen it before it is closed.</summary>
    public Alert Resolve(ResolutionAction action, string by, DateTimeOffset at) => Status == AlertStatus.Acknowledged
        ? this with { Status = AlertStatus.Resolved, ResolvedAt = at, ResolvedBy = by, Resolution = action }
        : throw new AlertTransitionException($"alert {Id} is {Status.ToString().ToLowerInvariant()}: only an acknowledged alert can be resolved");

    /// <summary>The channels this alert goes to: none when suppressed.</summary>
    public IReadOnlyList<AlertChannel> Channels(bool emailConfigured) => Suppressed ? [] : AlertRouting.ChannelsFor(Severity, emailConfigured);
}
