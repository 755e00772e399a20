using System.Globalization;
using Precog.Domain.Alerts;

namespace Precog.Actors.Alerts;

/// <summary>Appends alerts to one file per day (alerts-yyyyMMdd.log) in a directory: the rolling file of §6.</summary>
public sealed class FileAlertChannel(string directory) : IAlertChannel
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public AlertChannel Channel => AlertChannel.File;

    public string PathFor(DateTimeOffset at) =>
        Path.Combine(directory, $"alerts-{at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.log");

    public async Task SendAsync(Alert alert, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(PathFor(alert.RaisedAt), AlertLine.Of(alert) + Environment.NewLine, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
