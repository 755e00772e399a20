using Precog.Domain.Alerts;

namespace Precog.Actors.Alerts;

/// <summary>One place alerts are sent (console, file, webhook...). May throw: the router logs the failure and carries on.</summary>
public interface IAlertChannel
{
    AlertChannel Channel { get; }

    Task SendAsync(Alert alert, CancellationToken cancellationToken);
}
