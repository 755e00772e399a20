namespace Precog.Domain.Alerts;

/// <summary>How bad an alert is; decides where it is sent.</summary>
public enum AlertSeverity { Critical, High, Medium, Low }

/// <summary>Where an alert can go.</summary>
public enum AlertChannel { Console, File, Database, Webhook, Email }

/// <summary>Routing of §6: critical → console, file, database, webhook (and e-mail where configured); high → console, file, database, webhook; medium → console, file, database; low → file, database.</summary>
public static class AlertRouting
{
    public static IReadOnlyList<AlertChannel> ChannelsFor(AlertSeverity severity, bool emailConfigured) => severity switch
    {
        AlertSeverity.Critical when emailConfigured =>
            [AlertChannel.Console, AlertChannel.File, AlertChannel.Database, AlertChannel.Webhook, AlertChannel.Email],
        AlertSeverity.Critical or AlertSeverity.High => [AlertChannel.Console, AlertChannel.File, AlertChannel.Database, AlertChannel.Webhook],
        AlertSeverity.Medium => [AlertChannel.Console, AlertChannel.File, AlertChannel.Database],
        _ => [AlertChannel.File, AlertChannel.Database],
    };

    public static string ToWire(this AlertSeverity severity) => severity.ToString().ToLowerInvariant();
}
