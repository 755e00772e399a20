using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Precog.Actors.Alerts;
using Precog.Domain.Alerts;

namespace Precog.Actors.Tests.Alerts;

public class AlertRouterTests : ActorTestBase
{
    private sealed class RecordingChannel(AlertChannel channel) : IAlertChannel
    {
        public ConcurrentQueue<Alert> Sent { get; } = new();

        public AlertChannel Channel => channel;

        public Task SendAsync(Alert alert, CancellationToken cancellationToken)
        {
            Sent.Enqueue(alert);
            return Task.CompletedTask;
        }
    }

    private readonly RecordingChannel _console = new(AlertChannel.Console);
    private readonly RecordingChannel _file = new(AlertChannel.File);
    private readonly RecordingChannel _webhook = new(AlertChannel.Webhook);

    private IActorRef Start(params IAlertChannel[] channels) =>
        Sys.ActorOf(AlertRouter.Props("node-a", channels.Length > 0 ? channels : [_console, _file, _webhook], clock: Clock));

    private static RaiseAlert ApiDown(DateTimeOffset at) =>
        new("circuit_breaker", "api_failures/kalshi", AlertSeverity.High, $"kalshi failing at {at:O}", "closed->open", at);

    private Alert Raise(IActorRef router, RaiseAlert command)
    {
        router.Tell(command, TestActor);
        return ExpectMsg<AlertRecorded>().Alert;
    }

    [Fact]
    public void A_raised_alert_is_journaled_and_sent_to_the_channels_of_its_severity()
    {
        var router = Start();

        var high = Raise(router, ApiDown(T0));
        var low = Raise(router, new RaiseAlert("model_drift", "nfl-v3", AlertSeverity.Low, "drift", "nfl-v3", T0));

        AwaitAssert(() => Assert.Equal([high.Id, low.Id], _file.Sent.Select(a => a.Id)));
        Assert.Equal([high.Id], _console.Sent.Select(a => a.Id));
        Assert.Equal([high.Id], _webhook.Sent.Select(a => a.Id));
        Assert.Equal(2, Journaled("alerts-node-a").OfType<AlertRaised>().Count());
    }

    [Fact]
    public void A_repeat_within_300_s_is_stored_suppressed_and_not_sent_and_is_sent_again_after()
    {
        var router = Start();

        var first = Raise(router, ApiDown(T0));
        var repeat = Raise(router, ApiDown(T0.AddSeconds(299)));
        var later = Raise(router, ApiDown(T0.AddSeconds(300)));

        Assert.Equal((false, true, false), (first.Suppressed, repeat.Suppressed, later.Suppressed));
        Assert.Equal(first.Fingerprint, repeat.Fingerprint);
        AwaitAssert(() => Assert.Equal([first.Id, later.Id], _console.Sent.Select(a => a.Id)));
        router.Tell(new GetAlerts(UnresolvedOnly: false), TestActor);
        Assert.Contains(ExpectMsg<AlertList>().Alerts, a => a.Id == repeat.Id && a.Suppressed);
    }

    [Fact]
    public void A_restarted_router_still_suppresses_a_repeat_of_an_alert_it_sent()
    {
        var router = Start();
        Raise(router, ApiDown(T0));
        StopAndWait(router);

        var again = Start();

        Assert.True(Raise(again, ApiDown(T0.AddSeconds(60))).Suppressed);
    }

    [Fact]
    public void An_alert_is_acknowledged_then_resolved_and_leaves_the_unresolved_list()
    {
        var router = Start();
        var alert = Raise(router, ApiDown(T0));

        router.Tell(new AcknowledgeAlert(alert.Id, "alice"), TestActor);
        Assert.Equal(AlertStatus.Acknowledged, ExpectMsg<AlertRecorded>().Alert.Status);
        router.Tell(new ResolveAlert(alert.Id, ResolutionAction.Fixed, "alice"), TestActor);
        var resolved = ExpectMsg<AlertRecorded>().Alert;

        Assert.Equal((AlertStatus.Resolved, ResolutionAction.Fixed), (resolved.Status, resolved.Resolution));
        router.Tell(new GetAlerts(UnresolvedOnly: true), TestActor);
        Assert.Empty(ExpectMsg<AlertList>().Alerts);
        Assert.Equal(3, Journaled("alerts-node-a").Count);
    }

    [Fact]
    public void Resolving_an_unacknowledged_alert_is_refused_naming_it_and_journals_nothing()
    {
        var router = Start();
        var alert = Raise(router, ApiDown(T0));

        router.Tell(new ResolveAlert(alert.Id, ResolutionAction.Ignored, "bob"), TestActor);

        var refused = ExpectMsg<AlertRefused>();
        Assert.Equal(alert.Id, refused.AlertId);
        Assert.Contains(alert.Id.ToString(), refused.Reason);
        Assert.Single(Journaled("alerts-node-a"));
    }

    [Fact]
    public async Task The_webhook_posts_the_alerts_fields_as_json_and_nothing_of_its_url()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = listener.GetContextAsync();
        using var http = new HttpClient();
        var router = Start(new WebhookAlertChannel(http, new Uri($"http://127.0.0.1:{port}/hooks/s3cr3t-token?key=hunter2"), TimeSpan.FromSeconds(5)));

        var alert = Raise(router, ApiDown(T0));

        var context = await received.WaitAsync(TimeSpan.FromSeconds(10));
        var body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
        context.Response.StatusCode = 204;
        context.Response.Close();
        Assert.Equal("POST", context.Request.HttpMethod);
        Assert.Contains($"\"id\":\"{alert.Id}\"", body);
        Assert.Contains("\"severity\":\"high\"", body);
        Assert.Contains($"\"fingerprint\":\"{alert.Fingerprint}\"", body);
        Assert.DoesNotContain("s3cr3t", body);
        Assert.DoesNotContain("hunter2", body);
    }

    [Fact]
    public void A_dead_webhook_is_logged_and_the_other_channels_and_the_router_carry_on()
    {
        using var http = new HttpClient();
        var dead = new WebhookAlertChannel(http, new Uri($"http://127.0.0.1:{FreePort()}/hooks/s3cr3t"), TimeSpan.FromSeconds(2));
        var router = Start(dead, _console);

        EventFilter.Warning(contains: "not delivered to Webhook").ExpectOne(TimeSpan.FromSeconds(10), () => Raise(router, ApiDown(T0)));

        AwaitAssert(() => Assert.Single(_console.Sent));
        var second = Raise(router, new RaiseAlert("x", "y", AlertSeverity.Medium, "still routing", "z", T0));
        AwaitAssert(() => Assert.Contains(_console.Sent, a => a.Id == second.Id));
    }

    [Fact]
    public async Task A_webhook_that_does_not_answer_fails_after_its_timeout_naming_only_the_host()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts connections, never answers
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var http = new HttpClient();
        var channel = new WebhookAlertChannel(http, new Uri($"http://127.0.0.1:{port}/hooks/s3cr3t"), TimeSpan.FromMilliseconds(300));
        var alert = new Alert(Guid.NewGuid(), "t", "c", AlertSeverity.Critical, "m", "0123456789abcdef", T0, false);

        var error = await Assert.ThrowsAsync<WebhookException>(() => channel.SendAsync(alert, CancellationToken.None));

        Assert.Contains("did not answer", error.Message);
        Assert.DoesNotContain("s3cr3t", error.Message);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
