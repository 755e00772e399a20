using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Precog.Actors.Hosting;
using Precog.Cli;
using Precog.Domain.Values;
using Precog.Host.Admin;

namespace Precog.Host.Tests;

/// <summary>
/// The admin API in front of a risk manager and an alert router that never answer (an actor stuck in a long handler,
/// or on a node that stopped answering): each request is a 504 naming the actor after the ask timeout, /readyz says
/// why it is not ready, and the CLI prints one line. Real Kestrel on 127.0.0.1 and a real actor system; only the
/// two actors are stand-ins that swallow every message.
/// </summary>
public sealed class AdminTimeoutTests : IAsyncLifetime
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromMilliseconds(400);
    private readonly string _dir = Directory.CreateTempSubdirectory("precog-admin-timeout-").FullName;
    private IHost _host = null!;
    private Uri _url = null!;
    private string _read = "";

    private sealed class Silent : ReceiveActor
    {
        public Silent() => ReceiveAny(_ => { });
    }

    public async Task InitializeAsync()
    {
        var settings = NodeSettings.Load(null, Path.Combine(_dir, "data"));
        var admin = new AdminSettings(IPAddress.Loopback, 0, Path.Combine(settings.DataDirectory, AdminSettings.TokenFileName), AskTimeout);
        // the admin API reads only the clock of the engine's options here; the rest is never reached
        var engine = new EngineOptions("timeout-test", TimeProvider.System, settings.Trading, [], null!, 0, null!, null!, Money.Zero, []);
        _host = Microsoft.Extensions.Hosting.Host.CreateDefaultBuilder()
            .ConfigureServices(s =>
            {
                s.AddSingleton(engine);
                s.AddAkka("precog", b => b
                    .WithRemoting(new RemoteOptions { HostName = "127.0.0.1", Port = 0 })
                    .WithClustering(new ClusterOptions { Roles = ["trading"] })
                    .WithActors((system, registry) =>
                    {
                        registry.Register<RiskManagerKey>(system.ActorOf(Props.Create(() => new Silent()), "risk-manager"));
                        registry.Register<AlertRouterKey>(system.ActorOf(Props.Create(() => new Silent()), "alerts"));
                    }));
            })
            .ConfigureWebHost(web => web.UsePrecogAdmin(settings, admin))
            .Build();
        await _host.StartAsync();
        var urlFile = AdminSettings.UrlFile(settings.DataDirectory);
        await Precog.Tests.Eventually.Holds(() => Task.FromResult(File.Exists(urlFile)), TimeSpan.FromSeconds(20));
        _url = new Uri((await File.ReadAllTextAsync(urlFile)).Trim());
        _read = AdminTokens.Parse(await File.ReadAllLinesAsync(admin.TokenFile))["read"];
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, string? token)
    {
        using var http = new HttpClient { BaseAddress = _url, Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task An_actor_that_does_not_answer_is_a_504_naming_it_and_readyz_says_why_the_node_is_not_ready()
    {
        var (breakers, error) = await GetAsync("/api/breakers", _read);
        Assert.Equal(HttpStatusCode.GatewayTimeout, breakers);
        Assert.Equal("risk-manager", error.GetProperty("actor").GetString());
        Assert.Equal("the risk-manager did not answer within 0.4 s", error.GetProperty("error").GetString());

        var (alerts, alertError) = await GetAsync("/api/alerts", _read);
        Assert.Equal((HttpStatusCode.GatewayTimeout, "alert router"), (alerts, alertError.GetProperty("actor").GetString()));

        var (ready, checks) = await GetAsync("/readyz", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
        Assert.False(checks.GetProperty("ready").GetBoolean());
        Assert.Equal("the risk-manager did not answer within 0.4 s", checks.GetProperty("checks").GetProperty("feeds").GetString());

        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = PrecogCli.Run(["breakers", "--node", _url.ToString(), "--token-file", Path.Combine(_dir, "data", AdminSettings.TokenFileName)],
            stdout, stderr, new CliTerminal(Interactive: false));
        Assert.Equal(1, code);
        Assert.Equal("", stdout.ToString());
        Assert.Contains("the node timed out: the risk-manager did not answer within 0.4 s (504)", Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
