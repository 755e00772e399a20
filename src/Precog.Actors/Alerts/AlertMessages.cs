using Precog.Domain.Alerts;

namespace Precog.Actors.Alerts;

/// <summary>Raise an alert. <paramref name="StableDetails"/> feed the fingerprint: no timestamps or ids. Without <paramref name="At"/> the router's clock dates it.</summary>
public sealed record RaiseAlert(string Type, string Component, AlertSeverity Severity, string Message, string StableDetails, DateTimeOffset? At = null);

public sealed record AcknowledgeAlert(Guid AlertId, string By);

public sealed record ResolveAlert(Guid AlertId, ResolutionAction Action, string By);

public sealed record GetAlerts(bool UnresolvedOnly);

/// <summary>Reply to raise, acknowledge and resolve: the alert as stored.</summary>
public sealed record AlertRecorded(Alert Alert);

/// <summary>Reply when a command is refused; the reason names the alert.</summary>
public sealed record AlertRefused(Guid AlertId, string Reason);

public sealed record AlertList(IReadOnlyList<Alert> Alerts);
