using System.Net;
using System.Text.Json;
using Precog.Persistence;

namespace Precog.Host.Tests;

/// <summary>
/// Issue 11, security: SQL injection and path tricks through every parameter of the admin API (path segments, query
/// flags, JSON bodies), with the write token so that nothing is refused before it reaches the code that reads the
/// parameter. Each answer is a refusal in JSON (400, 404 or 409; Kestrel's own empty 400 for a NUL in the path) or an
/// ordinary answer, never a 500; afterwards every
/// table still holds what it held and the node still answers.
/// </summary>
public sealed partial class AdminApiTests
{
    private static readonly string[] Injections =
    [
        "x' OR '1'='1", "1; DROP TABLE positions; --", "\" OR 1=1 --", "KX'); DELETE FROM trades; --", "../../../etc/passwd",
        "%27%20OR%201%3D1--", "${jndi:ldap://127.0.0.1/x}", "<script>alert(1)</script>", "\u0000", new string('\'', 300),
    ];

    private static readonly string[] Tables = ["positions", "trades", "markets", "edges", "alerts", "circuit_breaker_events", "strategies", "probability_models"];

    [Fact]
    public async Task Injection_through_every_parameter_is_refused_or_answered_and_changes_no_table()
    {
        var db = DatabaseTarget.Sqlite(Path.Combine(fixture.Data, "precog.db"));
        var before = new Dictionary<string, long>();
        foreach (var t in Tables) before[t] = await NodeDatabase.Scalar(db, $"SELECT COUNT(*) FROM {t}");

        var failures = new List<string>();
        async Task Try(HttpMethod method, string path, object? body = null)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.WriteToken);
            if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode >= 500) failures.Add($"{method} {path}: {(int)response.StatusCode} {text}");
            // Kestrel itself refuses a path it cannot take (a NUL) with an empty 400, before the API sees it
            else if (response.StatusCode == HttpStatusCode.BadRequest && text.Length == 0 && path.Contains("%00", StringComparison.Ordinal)) return;
            else if (response.StatusCode != HttpStatusCode.OK && !(text.StartsWith('{') && text.Contains("\"error\"", StringComparison.Ordinal)))
                failures.Add($"{method} {path}: {(int)response.StatusCode} without a JSON error: {text}");
        }

        foreach (var raw in Injections)
        {
            var p = Uri.EscapeDataString(raw);
            await Try(HttpMethod.Get, $"/api/positions/{p}");
            await Try(HttpMethod.Get, $"/api/markets/{p}");
            await Try(HttpMethod.Get, $"/api/positions?open={p}");
            await Try(HttpMethod.Get, $"/api/markets?active={p}");
            await Try(HttpMethod.Get, $"/api/alerts?unresolved={p}");
            await Try(HttpMethod.Post, $"/api/breakers/{p}/global/trip", new { reason = raw });
            await Try(HttpMethod.Post, $"/api/breakers/data_stale/{p}/trip", new { reason = raw });
            await Try(HttpMethod.Post, $"/api/breakers/{p}/{p}/reset", new { reason = raw });
            await Try(HttpMethod.Post, $"/api/alerts/{p}/ack", new { note = raw });
            await Try(HttpMethod.Post, $"/api/alerts/{p}/resolve", new { note = raw });
            await Try(HttpMethod.Post, $"/api/strategies/{p}/v1.0/deprecate");
            await Try(HttpMethod.Post, $"/api/strategies/nfl_value/{p}/deprecate");
            await Try(HttpMethod.Post, $"/api/strategies/nfl_value/v1.0/{p}");
            await Try(HttpMethod.Post, "/api/killswitch", new { state = raw, reason = raw });
        }

        FuzzList(failures);
        foreach (var t in Tables) Assert.Equal((t, before[t]), (t, await NodeDatabase.Scalar(db, $"SELECT COUNT(*) FROM {t}")));
        var (health, _) = await SendAsync(HttpMethod.Get, "/healthz", null);
        Assert.Equal(HttpStatusCode.OK, health);
        // and no breaker was tripped by any of it
        var (_, breakers) = await SendAsync(HttpMethod.Get, "/api/breakers", fixture.ReadToken);
        Assert.DoesNotContain(breakers.GetProperty("breakers").EnumerateArray(), b => b.GetProperty("status").GetString() == "open");
    }

    private static void FuzzList(List<string> failures) =>
        Assert.True(failures.Count == 0, $"{failures.Count} answers were not refusals in JSON:\n{string.Join('\n', failures.Take(20))}");
}
