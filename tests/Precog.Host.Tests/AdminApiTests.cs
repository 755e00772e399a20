using Precog.Tests;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Precog.Cli;

namespace Precog.Host.Tests;

/// <summary>One simulated node, kept up after a one-game day, shared by the admin API's tests (each leaves its breakers as it found them).</summary>
public sealed class AdminNode : IAsyncLifetime
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("precog-admin-").FullName;
    public string Data => Path.Combine(Dir, "data");
    public NodeProcess Node { get; private set; } = null!;
    public Uri Url { get; private set; } = null!;
    public string ReadToken { get; private set; } = "";
    public string WriteToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Node = NodeProcess.Start("--data-dir", Data, "--games", "1", "--seed", "5", "--keep-up");
        await Node.WaitForLineAsync("Game day over", TimeSpan.FromSeconds(60)); // kept up: the day ends, the node stays
        await Node.WaitForLineAsync("Admin API listening on", TimeSpan.FromSeconds(10));
        Url = new Uri((await File.ReadAllTextAsync(Path.Combine(Data, "admin.url"))).Trim());
        var tokens = (await File.ReadAllLinesAsync(Path.Combine(Data, "admin.token"))).Where(l => l.Contains('=', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        (ReadToken, WriteToken) = (tokens["read"], tokens["write"]);
    }

    public async Task DisposeAsync()
    {
        Node.Terminate();
        await Node.ExitCodeAsync(TimeSpan.FromSeconds(30));
        await Node.DisposeAsync();
        Directory.Delete(Dir, recursive: true);
    }
}

public sealed partial class AdminApiTests(AdminNode fixture) : IClassFixture<AdminNode>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Url, Timeout = TimeSpan.FromSeconds(20) };

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Asks until the answer holds (the risk manager hears breaker changes through pub-sub, a moment after the breaker).</summary>
    private async Task<JsonElement> EventuallyAsync(string path, Func<JsonElement, bool> holds)
    {
        var body = default(JsonElement);
        await Eventually.Holds(async () =>
        {
            HttpStatusCode status;
            (status, body) = await SendAsync(HttpMethod.Get, path, fixture.ReadToken);
            Assert.Equal(HttpStatusCode.OK, status);
            return holds(body);
        }, TimeSpan.FromSeconds(10));
        return body;
    }

    [Fact]
    public async Task Health_needs_no_token_everything_else_refuses_a_missing_or_wrong_one_with_401_and_never_logs_it()
    {
        var (health, _) = await SendAsync(HttpMethod.Get, "/healthz", null);
        var (ready, checks) = await SendAsync(HttpMethod.Get, "/readyz", null);
        const string wrong = "not-a-token-of-this-node-0123456789";
        var (missing, _) = await SendAsync(HttpMethod.Get, "/api/cluster", null);
        var (refused, _) = await SendAsync(HttpMethod.Get, "/api/cluster", wrong);
        var (cluster, members) = await SendAsync(HttpMethod.Get, "/api/cluster", fixture.ReadToken);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (health, ready));
        Assert.True(checks.GetProperty("ready").GetBoolean(), checks.ToString());
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK), (missing, refused, cluster));
        Assert.Equal("up", Assert.Single(members.GetProperty("members").EnumerateArray()).GetProperty("status").GetString());
        Assert.Contains("Admin API refused GET /api/cluster", fixture.Node.Out);
        foreach (var secret in new[] { wrong, fixture.ReadToken, fixture.WriteToken })
            Assert.DoesNotContain(secret, fixture.Node.Out + fixture.Node.Err);
        if (!OperatingSystem.IsWindows()) // the node runs on Linux; Windows has no such mode
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(fixture.Data, "admin.token")));
    }

    [Fact]
    public async Task The_read_token_cannot_turn_the_kill_switch_on()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/killswitch", fixture.ReadToken, new { state = "on", reason = "read token" });

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("needs the write token", body.GetProperty("error").GetString());
        var (_, breakers) = await SendAsync(HttpMethod.Get, "/api/breakers", fixture.ReadToken);
        Assert.DoesNotContain(breakers.GetProperty("breakers").EnumerateArray(), b => b.GetProperty("id").GetString() == "manual/global" && b.GetProperty("status").GetString() == "open");
    }

    [Fact]
    public async Task A_breaker_tripped_through_the_api_is_reported_open_and_the_risk_manager_refuses_entries_until_it_is_reset()
    {
        var (tripped, breaker) = await SendAsync(HttpMethod.Post, "/api/breakers/consecutive_losses/global/trip", fixture.WriteToken, new { reason = "admin test" });
        Assert.Equal(HttpStatusCode.OK, tripped);
        Assert.Equal("open", breaker.GetProperty("status").GetString());

        // the risk manager's own board, the one its admission reads, says open and refuses every entry
        var board = await EventuallyAsync("/api/breakers", b => !b.GetProperty("entries").GetProperty("allowed").GetBoolean());
        var listed = Assert.Single(board.GetProperty("breakers").EnumerateArray(), b => b.GetProperty("id").GetString() == "consecutive_losses/global");
        Assert.Equal("open", listed.GetProperty("status").GetString());
        Assert.Contains("admin test", listed.GetProperty("reason").GetString());
        Assert.Equal(["consecutive_losses/global"], board.GetProperty("entries").GetProperty("blocked_by").EnumerateArray().Select(b => b.GetString()).ToList());

        var (reset, _) = await SendAsync(HttpMethod.Post, "/api/breakers/consecutive_losses/global/reset", fixture.WriteToken, new { reason = "admin test over" });
        Assert.Equal(HttpStatusCode.OK, reset);
        await EventuallyAsync("/api/breakers", b => b.GetProperty("entries").GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task The_cli_lists_the_positions_the_api_answers_and_names_a_refused_token_in_one_line()
    {
        // the day is over, but its last settlements may still be reaching the positions: compare once every one has ended
        var api = await EventuallyAsync("/api/positions", p => p.GetArrayLength() > 0 &&
            p.EnumerateArray().All(x => x.GetProperty("status").GetString() is "closed" or "settled"));
        Assert.NotEqual(0, api.GetArrayLength());

        var cli = Cli("positions", "--json", "--data-dir", fixture.Data);

        Assert.Equal((0, ""), (cli.Code, cli.Err));
        Assert.Equal(JsonSerializer.Serialize(api), JsonSerializer.Serialize(JsonDocument.Parse(cli.Out).RootElement)); // same JSON, whitespace aside

        var bad = Path.Combine(fixture.Dir, "bad.token");
        await File.WriteAllTextAsync(bad, "read=0123456789abcdef0123456789\n");
        var refused = Cli("breakers", "--data-dir", fixture.Data, "--token-file", bad);
        Assert.Equal(1, refused.Code);
        Assert.StartsWith("precog: the node refused the token", Assert.Single(refused.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = PrecogCli.Run(args, stdout, stderr, new CliTerminal(Interactive: false));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
