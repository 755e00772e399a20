using System.Globalization;
using Precog.Domain.Alerts;

namespace Precog.Actors.Alerts;

/// <summary>Writes one line per alert to the console (standard error, so it never mixes with command output).</summary>
public sealed class ConsoleAlertChannel(TextWriter? writer = null) : IAlertChannel
{
    private readonly TextWriter _writer = writer ?? Console.Error;

    public AlertChannel Channel => AlertChannel.Console;

    public Task SendAsync(Alert alert, CancellationToken cancellationToken) =>
        _writer.WriteLineAsync(AlertLine.Of(alert).AsMemory(), cancellationToken);
}

/// <summary>The one-line text form of an alert shared by the console and file channels.</summary>
internal static class AlertLine
{
    public static string Of(Alert a) => string.Create(CultureInfo.InvariantCulture,
        $"{a.RaisedAt:O} ALERT {a.Severity.ToWire()} {a.Type} {a.Component} [{a.Fingerprint}] {a.Message} (id {a.Id})");
}
