using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Precog.Domain.Alerts;

namespace Precog.Domain.Tests.Alerts;

public class AlertTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Fingerprint_is_the_first_16_hex_chars_of_sha256_of_type_component_details()
    {
        // SHA-256("breaker_tripped:risk:daily_loss_limit") computed independently of AlertFingerprint
        var full = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("breaker_tripped:risk:daily_loss_limit")));

        var fp = AlertFingerprint.Of("breaker_tripped", "risk", "daily_loss_limit");

        Assert.Equal(16, fp.Length);
        Assert.Equal(full[..16], fp);
        Assert.Matches("^[0-9a-f]{16}$", fp);
        Assert.NotEqual(fp, AlertFingerprint.Of("breaker_tripped", "risk", "api_failures"));
    }

    [Theory]
    [InlineData(AlertSeverity.Critical, false, "Console,File,Database,Webhook")]
    [InlineData(AlertSeverity.Critical, true, "Console,File,Database,Webhook,Email")]
    [InlineData(AlertSeverity.High, true, "Console,File,Database,Webhook")]
    [InlineData(AlertSeverity.Medium, true, "Console,File,Database")]
    [InlineData(AlertSeverity.Low, true, "File,Database")]
    public void Severity_decides_the_channels(AlertSeverity severity, bool email, string expected)
    {
        Assert.Equal(expected, string.Join(',', AlertRouting.ChannelsFor(severity, email)));
    }

    [Fact]
    public void A_repeat_within_300_seconds_is_stored_suppressed_and_sent_nowhere()
    {
        var s = AlertSuppressor.Create();
        var (first, s1) = Alert.Raise(Guid.NewGuid(), "feed_stale", "espn", AlertSeverity.High, "stale 90 s", "nfl", T0, s);
        var (repeat, s2) = Alert.Raise(Guid.NewGuid(), "feed_stale", "espn", AlertSeverity.High, "stale 150 s", "nfl", T0.AddSeconds(299), s1);
        var (later, _) = Alert.Raise(Guid.NewGuid(), "feed_stale", "espn", AlertSeverity.High, "stale 400 s", "nfl", T0.AddSeconds(300), s2);

        Assert.False(first.Suppressed);
        Assert.True(repeat.Suppressed);
        Assert.Empty(repeat.Channels(emailConfigured: true));
        Assert.Equal(first.Fingerprint, repeat.Fingerprint);
        Assert.False(later.Suppressed);
    }

    [Fact]
    public void Suppression_window_counts_from_the_last_alert_sent_not_the_last_repeat()
    {
        var s = AlertSuppressor.Create();
        var sent = new List<int>();
        for (var t = 0; t <= 700; t += 100)
        {
            (var suppressed, s) = s.Offer("abc", T0.AddSeconds(t));
            if (!suppressed) sent.Add(t);
        }
        Assert.Equal([0, 300, 600], sent);
    }

    [Fact]
    public void Pruning_forgets_only_expired_fingerprints()
    {
        var s = AlertSuppressor.Create().Offer("old", T0).Next.Offer("new", T0.AddSeconds(200)).Next;
        var pruned = s.Prune(T0.AddSeconds(350));
        Assert.Equal(["new"], pruned.LastSent.Keys);
    }

    [Fact]
    public void An_alert_is_acknowledged_then_resolved_with_who_and_when()
    {
        var (alert, _) = Alert.Raise(Guid.NewGuid(), "order_rejected", "gateway", AlertSeverity.Medium, "rejected", "kalshi:429", T0, AlertSuppressor.Create());

        var done = alert.Acknowledge("bob", T0.AddMinutes(1)).Resolve(ResolutionAction.FalsePositive, "carol", T0.AddMinutes(2));

        Assert.Equal(AlertStatus.Resolved, done.Status);
        Assert.Equal(("bob", "carol", ResolutionAction.FalsePositive), (done.AcknowledgedBy, done.ResolvedBy, done.Resolution));
    }

    [Fact]
    public void Resolving_an_unacknowledged_alert_or_acknowledging_twice_is_refused_naming_the_alert()
    {
        var (alert, _) = Alert.Raise(Guid.NewGuid(), "t", "c", AlertSeverity.Low, "m", "d", T0, AlertSuppressor.Create());

        var e = Assert.Throws<AlertTransitionException>(() => alert.Resolve(ResolutionAction.Fixed, "x", T0));
        Assert.Contains(alert.Id.ToString(), e.Message);
        Assert.Throws<AlertTransitionException>(() => alert.Acknowledge("x", T0).Acknowledge("y", T0));
    }

    [Property]
    public Property At_most_one_alert_per_fingerprint_is_sent_in_any_window()
    {
        var offsets = Gen.Choose(0, 3000).ArrayOf();
        return Prop.ForAll(offsets.ToArbitrary(), raw =>
        {
            var s = AlertSuppressor.Create();
            var sent = new List<int>();
            foreach (var t in raw.OrderBy(x => x))
            {
                (var suppressed, s) = s.Offer("fp", T0.AddSeconds(t));
                if (!suppressed) sent.Add(t);
            }
            return sent.Zip(sent.Skip(1)).All(p => p.Second - p.First >= 300);
        });
    }
}
