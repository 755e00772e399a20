using System.Globalization;
using Precog.Domain.Games;

namespace Precog.Backtest.Tapes;

/// <summary>One game of FiveThirtyEight's nfl_games_538.csv: team1 is the home team (unless neutral), elo1/elo2 its pre-game ratings.</summary>
public sealed record Game538(
    DateOnly Date, int Season, bool Neutral, string Team1, string Team2, double Elo1, double Elo2, double EloProb1, int Score1, int Score2, double Result1);

/// <summary>
/// How <see cref="From538"/> prices its synthetic markets: the market's YES mid is the 538 probability plus
/// <paramref name="Bias"/> plus a seeded normal draw of standard deviation <paramref name="Noise"/> per game, and
/// each re-quote moves by another draw of half that; <paramref name="Seed"/> picks the draws.
/// </summary>
public sealed record From538Settings(decimal Noise = 0.05m, decimal Bias = 0m, int Seed = 1, int? Season = null)
{
    /// <summary>The file has dates only: every game is taken to kick off at this UTC time of its day (1 pm US Eastern).</summary>
    public static readonly TimeSpan Kickoff = TimeSpan.FromHours(18);

    /// <summary>When, relative to kickoff, the market is quoted: listed with the first, then re-quoted.</summary>
    public static readonly TimeSpan[] Quotes = [TimeSpan.FromHours(-6), TimeSpan.FromHours(-3), TimeSpan.FromHours(-1), TimeSpan.FromMinutes(-10)];

    /// <summary>When, relative to kickoff, the market settles and the final score is reported.</summary>
    public static readonly TimeSpan Settles = TimeSpan.FromHours(3.5);

    /// <summary>YES bid to YES ask, in price.</summary>
    public const decimal Spread = 0.02m;

    public const int Levels = 5;
}

/// <summary>
/// Makes a tape from FiveThirtyEight's NFL games: one pregame market per game (YES: team1 wins), listed six hours
/// before kickoff with its book, re-quoted three times, settled on the real result (1, 0, or 0.5 on a tie) three and
/// a half hours after kickoff, and then the final score. The game event carries the game's own pre-game Elo ratings
/// so the engine's model prices it as FiveThirtyEight did. THE PRICES ARE SYNTHETIC (538's probability, moved by
/// the configured bias and seeded noise); THE OUTCOMES ARE REAL.
/// </summary>
public static class From538
{
    public const string League = "nfl";

    public static (TapeHeader Header, IReadOnlyList<TapeEvent> Events) Convert(IEnumerable<Game538> games, From538Settings settings, string sourceName)
    {
        var random = new Random(settings.Seed);
        var perGame = new List<(DateTimeOffset At, int Game, int Seq, TapeEvent Event)>();
        var index = 0;
        foreach (var g in games)
        {
            if (settings.Season is { } season && g.Season != season) continue;
            var kickoff = new DateTimeOffset(g.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + From538Settings.Kickoff;
            var day = g.Date.ToString("yyMMMdd", CultureInfo.InvariantCulture).ToUpperInvariant();
            var ticker = $"KXNFLGAME-{day}{g.Team2}{g.Team1}-{g.Team1}";
            var gameId = $"538-{g.Date:yyyyMMdd}-{g.Team2}-{g.Team1}";
            var settles = kickoff + From538Settings.Settles;
            var seq = 0;
            void Add(DateTimeOffset at, TapeEvent e) => perGame.Add((at, index, seq++, e));

            var listed = kickoff + From538Settings.Quotes[0];
            Add(listed, new MarketListed(listed, ticker, ticker[..ticker.LastIndexOf('-')], $"{g.Team2} at {g.Team1}: {g.Team1} wins?", settles, League, gameId));
            Add(listed, new GameStateRecorded(listed, League, gameId, g.Team1, g.Team2, 0, 0, "Q1", "15:00", GameStatus.Pregame, g.Elo1, g.Elo2, g.Neutral));
            var mid = (decimal)g.EloProb1 + settings.Bias + settings.Noise * Normal(random);
            foreach (var offset in From538Settings.Quotes)
            {
                var quoted = mid + settings.Noise / 2 * Normal(random);
                Add(kickoff + offset, Book(kickoff + offset, ticker, quoted, random));
            }
            var payout = g.Result1 switch { 1.0 => 1m, 0.0 => 0m, _ => 0.5m };
            // settled before the final score is told: a market still open to a known result would be free money
            Add(settles, new MarketSettled(settles, ticker, payout));
            Add(settles, new GameStateRecorded(settles, League, gameId, g.Team1, g.Team2, g.Score1, g.Score2, "Q4", "00:00", GameStatus.Final, g.Elo1, g.Elo2, g.Neutral));
            index++;
        }
        var events = perGame.OrderBy(e => e.At).ThenBy(e => e.Game).ThenBy(e => e.Seq).Select(e => e.Event).ToList();
        if (events.Count == 0) throw new ArgumentException(settings.Season is { } s ? $"no games of season {s} in {sourceName}" : $"no games in {sourceName}");
        var source = string.Create(CultureInfo.InvariantCulture,
            $"from-538 {Path.GetFileName(sourceName)}{(settings.Season is { } y ? $" season={y}" : "")} noise={settings.Noise} bias={settings.Bias} seed={settings.Seed}");
        var header = new TapeHeader(TapeHeader.CurrentSchema, source, events[0].At, events[^1].At,
            "Prices are SYNTHETIC: each market is quoted around FiveThirtyEight's pre-game elo_prob1 moved by the bias and seeded noise above. " +
            "Outcomes are REAL: each market settles on the game's actual result (ties at 0.5). Kickoff is taken as 18:00 UTC of the game's date.");
        return (header, events);
    }

    /// <summary>A ladder of <see cref="From538Settings.Levels"/> levels a cent apart on each side around the YES mid, seeded sizes of 250-750.</summary>
    private static BookSnapshotted Book(DateTimeOffset at, string ticker, decimal yesMid, Random random)
    {
        var bestYes = Math.Clamp(Math.Floor((yesMid - From538Settings.Spread / 2) * 100m) / 100m, 0.01m, 0.97m);
        var bestNo = 1m - (bestYes + From538Settings.Spread);
        return new BookSnapshotted(at, ticker, Ladder(bestYes, random), Ladder(bestNo, random));
    }

    private static List<TapeLevel> Ladder(decimal best, Random random)
    {
        var levels = new List<TapeLevel>();
        for (var i = From538Settings.Levels - 1; i >= 0; i--)
        {
            var price = best - i * 0.01m;
            var size = random.Next(250, 751);
            if (price >= 0.01m) levels.Add(new TapeLevel(price, size));
        }
        return levels;
    }

    /// <summary>A standard normal draw (Box-Muller) as a decimal with 4 places.</summary>
    private static decimal Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Round((decimal)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)), 4);
    }
}
