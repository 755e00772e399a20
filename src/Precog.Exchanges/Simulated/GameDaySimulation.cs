using System.Globalization;
using Precog.Domain.Games;
using Precog.Domain.Values;

namespace Precog.Exchanges.Simulated;

/// <summary>One game of the day and its market: YES pays if the home team wins (the ticker ends with the home team).</summary>
public sealed record ScheduledGame(string League, string ExternalGameId, string Home, string Away, DateTimeOffset Kickoff, MarketTicker Ticker, string EventTicker)
{
    public string Title => $"{Away} at {Home}: {Home} wins?";
}

/// <summary>
/// The scripted NFL game day: several games of one day between teams drawn from the given ratings, kicked
/// off in two windows, played quarter by quarter. Scoring is random but tilted by the teams' ratings (the
/// stronger team scores more often), seeded, so a seed always plays the same day. Game time is what the
/// caller advances; nothing here reads a clock.
/// </summary>
public sealed class GameDaySimulation
{
    private const int QuarterSeconds = 900;

    private readonly Random _random;
    private readonly IReadOnlyDictionary<string, double> _ratings;
    private readonly Dictionary<string, GameStateChanged> _states = [];
    private readonly Dictionary<string, int> _elapsed = [];

    public GameDaySimulation(int seed, IReadOnlyDictionary<string, double> ratings, int games, DateTimeOffset start, TimeSpan secondWindow)
        : this(seed, ratings, start, Draw(seed, ratings, games, start, secondWindow))
    {
    }

    /// <summary>A day of the given match-ups (a scenario file's): home and away codes of the ratings, and kickoffs.</summary>
    public GameDaySimulation(int seed, IReadOnlyDictionary<string, double> ratings, IReadOnlyList<(string Home, string Away, DateTimeOffset Kickoff)> matchups, DateTimeOffset start)
        : this(seed, ratings, start, (new Random(seed), Check(ratings, matchups)))
    {
    }

    private GameDaySimulation(int seed, IReadOnlyDictionary<string, double> ratings, DateTimeOffset start,
        (Random Random, IReadOnlyList<(string Home, string Away, DateTimeOffset Kickoff)> Matchups) day)
    {
        var matchups = day.Matchups;
        _random = day.Random; // the draw of the teams (if any) and the day's play are one seeded stream
        _ratings = ratings;
        // the day's date and start time name its events: a day played again later gets markets and games of its own
        var date = start.ToString("yyMMMddHHmm", CultureInfo.InvariantCulture).ToUpperInvariant();
        Games = matchups.Select((m, i) =>
        {
            var id = $"{start:yyMMddHHmm}{seed % 1000:000}{i:00}";
            return new ScheduledGame("nfl", id, m.Home, m.Away, m.Kickoff, new MarketTicker($"KXNFLGAME-{date}{m.Away}{m.Home}-{m.Home}"), $"KXNFLGAME-{date}{m.Away}{m.Home}");
        }).ToList();
        foreach (var g in Games)
        {
            _states[g.ExternalGameId] = new GameStateChanged(g.League, g.ExternalGameId, g.Home, g.Away, 0, 0, "Q1", "15:00", null, null, null, GameStatus.Pregame, start);
            _elapsed[g.ExternalGameId] = 0;
        }
    }

    /// <summary>Teams drawn from the ratings by the seed, kicked off in two windows.</summary>
    private static (Random, IReadOnlyList<(string, string, DateTimeOffset)>) Draw(int seed, IReadOnlyDictionary<string, double> ratings, int games, DateTimeOffset start, TimeSpan secondWindow)
    {
        if (ratings.Count < games * 2)
            throw new ArgumentException($"a day of {games} games needs {games * 2} teams, the ratings have {ratings.Count}");
        var random = new Random(seed);
        var teams = ratings.Keys.Order(StringComparer.Ordinal).OrderBy(_ => random.Next()).ToList();
        return (random, Enumerable.Range(0, games).Select(i => (teams[2 * i], teams[2 * i + 1], i < (games + 1) / 2 ? start : start + secondWindow)).ToList());
    }

    private static IReadOnlyList<(string Home, string Away, DateTimeOffset Kickoff)> Check(IReadOnlyDictionary<string, double> ratings,
        IReadOnlyList<(string Home, string Away, DateTimeOffset Kickoff)> matchups)
    {
        if (matchups.Count == 0) throw new ArgumentException("a day needs at least one game");
        var playing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (home, away, _) in matchups)
            foreach (var team in new[] { home, away })
            {
                if (!ratings.ContainsKey(team))
                    throw new ArgumentException($"team '{team}' has no rating (known: {string.Join(", ", ratings.Keys.Order(StringComparer.Ordinal))})");
                if (!playing.Add(team)) throw new ArgumentException($"team '{team}' plays twice in one day");
            }
        return matchups;
    }

    public IReadOnlyList<ScheduledGame> Games { get; }

    public GameStateChanged State(string externalGameId) => _states[externalGameId];

    public bool IsOver => _states.Values.All(s => s.Status == GameStatus.Final);

    /// <summary>
    /// Plays every game that has kicked off by <paramref name="now"/> for <paramref name="gameTime"/> more of its
    /// clock, and returns the states that changed. A game goes pregame → live Q1..Q4 (half time between Q2 and
    /// Q3) → final; a tie after regulation is a tie (no overtime in this script).
    /// </summary>
    public IReadOnlyList<GameStateChanged> Advance(DateTimeOffset now, TimeSpan gameTime)
    {
        var changed = new List<GameStateChanged>();
        foreach (var g in Games)
        {
            var s = _states[g.ExternalGameId];
            if (s.Status == GameStatus.Final || now < g.Kickoff) continue;
            var before = _elapsed[g.ExternalGameId];
            if (s.Status == GameStatus.Halftime)
            {
                _elapsed[g.ExternalGameId] = 2 * QuarterSeconds + 1; // the second half starts
                s = s with { Status = GameStatus.Live, Period = "Q3", Clock = "15:00", At = now };
                _states[g.ExternalGameId] = s;
                changed.Add(s);
                continue;
            }
            var after = Math.Min(before + (int)gameTime.TotalSeconds, 4 * QuarterSeconds);
            if (before < 2 * QuarterSeconds && after >= 2 * QuarterSeconds) after = 2 * QuarterSeconds; // stop at half time
            var (home, away) = Score(g, s.HomeScore, s.AwayScore, after - before);
            _elapsed[g.ExternalGameId] = after;
            var quarter = Math.Min(after / QuarterSeconds + 1, 4);
            var left = after >= 4 * QuarterSeconds ? 0 : quarter * QuarterSeconds - after;
            var status = after >= 4 * QuarterSeconds ? GameStatus.Final : after == 2 * QuarterSeconds ? GameStatus.Halftime : GameStatus.Live;
            if (status == GameStatus.Halftime) (quarter, left) = (2, 0);
            var period = status == GameStatus.Halftime ? "HT" : $"Q{quarter}";
            var next = s with
            {
                HomeScore = home, AwayScore = away, Period = period, Clock = $"{left / 60:00}:{left % 60:00}", Status = status, At = now,
                Possession = _random.Next(2) == 0 ? g.Home : g.Away, Down = _random.Next(1, 5), Distance = _random.Next(1, 11),
            };
            _states[g.ExternalGameId] = next;
            changed.Add(next);
        }
        return changed;
    }

    /// <summary>The YES payout of a finished game's market: 1 if the home team won, 0 if it lost, 0.5 on a tie.</summary>
    public Price Payout(ScheduledGame game)
    {
        var s = _states[game.ExternalGameId];
        if (s.Status != GameStatus.Final) throw new InvalidOperationException($"game {game.ExternalGameId} is not over");
        return s.HomeScore > s.AwayScore ? Price.One : s.HomeScore < s.AwayScore ? Price.Zero : Price.Half;
    }

    /// <summary>
    /// About 4-5 scores per team in a game (a scoring chance of 7.5 % per game minute), the better-rated team
    /// more often; 6 in 10 scores are touchdowns (7), the rest field goals (3).
    /// </summary>
    private (int Home, int Away) Score(ScheduledGame g, int home, int away, int seconds)
    {
        var strength = Math.Clamp((_ratings[g.Home] + 55 - _ratings[g.Away]) / 400.0, -0.9, 0.9); // home advantage a little under Elo's 65
        for (var done = 0; done < seconds; done += 60)
        {
            var minutes = Math.Min(60, seconds - done) / 60.0;
            if (_random.NextDouble() < 0.075 * minutes * (1 + strength)) home += _random.Next(10) < 6 ? 7 : 3;
            if (_random.NextDouble() < 0.075 * minutes * (1 - strength)) away += _random.Next(10) < 6 ? 7 : 3;
        }
        return (home, away);
    }
}
