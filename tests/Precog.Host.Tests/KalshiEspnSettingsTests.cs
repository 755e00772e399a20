using Precog.Configuration;

namespace Precog.Host.Tests;

/// <summary><c>precog.espn</c>: the shipped defaults are the coded ones, and a bad value is refused with its key named.</summary>
public class KalshiEspnSettingsTests
{
    [Fact]
    public void Shipped_precog_conf_reads_espns_nfl_scoreboard_at_the_feeds_default_pace()
    {
        var espn = EspnNodeSettings.Load(PrecogConfig.Defaults);

        Assert.True(espn.Enabled);
        Assert.Equal(EspnNodeSettings.NflScoreboard, espn.ScoreboardUrl);
        Assert.Equal(EspnNodeSettings.Default.Feed, espn.Feed);
    }

    [Fact]
    public void A_scoreboard_url_elsewhere_and_the_feed_off_are_read()
    {
        var espn = EspnNodeSettings.Load(Compose("precog.espn { enabled = off, scoreboard-url = \"http://127.0.0.1:5000/nfl/scoreboard\", live-interval = 1s, idle-interval = 1s }"));

        Assert.False(espn.Enabled);
        Assert.Equal(new Uri("http://127.0.0.1:5000/nfl/scoreboard"), espn.ScoreboardUrl);
        Assert.Equal(TimeSpan.FromSeconds(1), espn.Feed.LiveInterval);
    }

    [Theory]
    [InlineData("precog.espn.scoreboard-url = \"not a url\"", "precog.espn.scoreboard-url = 'not a url' is not an absolute http(s) URL")]
    [InlineData("precog.espn.scoreboard-url = \"ftp://127.0.0.1/x\"", "precog.espn.scoreboard-url = 'ftp://127.0.0.1/x' is not an absolute http(s) URL")]
    [InlineData("precog.espn.live-interval = 10", "precog.espn.live-interval = '10' is not a duration")]
    [InlineData("precog.espn { live-interval = 1m, idle-interval = 10s }", "IdleInterval must not be shorter than LiveInterval")]
    public void A_bad_value_is_refused_with_the_key_named(string hocon, string message)
    {
        var e = Assert.Throws<SettingsException>(() => EspnNodeSettings.Load(Compose(hocon)));

        Assert.Contains(message, e.Message);
    }

    private static Akka.Configuration.Config Compose(string hocon) => PrecogConfig.Compose((HoconText.Parse(hocon, "test"), "test"));
}
