using Akka.Configuration;
using Precog.Configuration;
using Precog.Exchanges.Espn;

namespace Precog.Host;

/// <summary>
/// Where a Kalshi node reads live game states: ESPN's NFL scoreboard unless <c>precog.espn.scoreboard-url</c> names
/// another (the tests' fake ESPN), polled at the feed's pace; <c>enabled = off</c> leaves the node on pregame Elo only.
/// </summary>
public sealed record EspnNodeSettings(bool Enabled, Uri ScoreboardUrl, EspnFeedSettings Feed)
{
    public const string Section = "precog.espn";

    /// <summary>ESPN's public NFL scoreboard (PROTOCOLS.md §5).</summary>
    public static readonly Uri NflScoreboard = new("https://site.api.espn.com/apis/site/v2/sports/football/nfl/scoreboard");

    public static readonly EspnNodeSettings Default = new(true, NflScoreboard, EspnFeedSettings.Default);

    public static EspnNodeSettings Load(Config config)
    {
        var r = new SettingsReader(config, Section);
        var enabled = r.Bool("enabled");
        var text = r.Text("scoreboard-url").Trim();
        Uri url;
        if (text.Length == 0) url = NflScoreboard;
        else if (!Uri.TryCreate(text, UriKind.Absolute, out url!) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new SettingsException($"{r.Key("scoreboard-url")} = '{text}' is not an absolute http(s) URL");
        var feed = EspnFeedSettings.Default with
        {
            LiveInterval = r.Duration("live-interval"),
            IdleInterval = r.Duration("idle-interval"),
            RequestTimeout = r.Duration("request-timeout"),
        };
        try
        {
            feed = feed.Validate();
        }
        catch (ArgumentException e)
        {
            throw new SettingsException($"{Section}: {e.Message}");
        }
        return new EspnNodeSettings(enabled, url, feed);
    }

    public string Describe() => Enabled
        ? $"ESPN scoreboard {ScoreboardUrl} every {Feed.LiveInterval} while live, up to {Feed.IdleInterval} otherwise"
        : "no game feed (precog.espn.enabled = off): pregame Elo only";
}

/// <summary>
/// The latest ESPN scoreboard the node read, shared by the feed service (which writes it) and the markets service
/// (which links Kalshi game markets to its games). Thread-safe; <see cref="FirstRead"/> completes at the first board.
/// </summary>
public sealed class EspnGameBook
{
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, EspnGame> _games = new(StringComparer.Ordinal);

    public Task FirstRead => _first.Task;

    public void Update(EspnScoreboard board)
    {
        lock (_games)
        {
            foreach (var g in board.Games) _games[g.EventId] = g;
        }
        _first.TrySetResult();
    }

    public IReadOnlyList<EspnGame> Games
    {
        get { lock (_games) return [.. _games.Values]; }
    }

    public EspnGame? Game(string eventId)
    {
        lock (_games) return _games.GetValueOrDefault(eventId);
    }
}
