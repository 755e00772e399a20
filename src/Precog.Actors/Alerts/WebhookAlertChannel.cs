using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Precog.Domain.Alerts;

namespace Precog.Actors.Alerts;

/// <summary>
/// Posts alerts as JSON to a configured URL, giving up after a timeout. The body is a fixed list of the alert's
/// own fields (never configuration, credentials or the URL); failures name only the host, since webhook URLs
/// often carry their token in the path or query.
/// </summary>
public sealed class WebhookAlertChannel(HttpClient http, Uri url, TimeSpan timeout) : IAlertChannel
{
    public AlertChannel Channel => AlertChannel.Webhook;

    public async Task SendAsync(Alert alert, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(url, WebhookPayload.Of(alert), cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WebhookException($"webhook at {url.Host} did not answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            throw new WebhookException($"webhook at {url.Host} unreachable: {ex.HttpRequestError}");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new WebhookException($"webhook at {url.Host} answered {(int)response.StatusCode}");
        }
    }
}

/// <summary>A webhook delivery failed; the message names the host only.</summary>
public sealed class WebhookException(string message) : Exception(message);

/// <summary>What a webhook receives: the alert's public fields, nothing else.</summary>
public sealed record WebhookPayload(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("component")] string Component,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("raised_at")] DateTimeOffset RaisedAt)
{
    public static WebhookPayload Of(Alert a) => new(a.Id, a.Type, a.Component, a.Severity.ToWire(), a.Message, a.Fingerprint, a.RaisedAt);
}
