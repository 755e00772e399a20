namespace Precog.Domain.Models.Elo;

/// <summary>
/// One game as the replay needs it. Scores and result are null for a game not yet played. The published
/// pre-game ratings are those a source recorded for the game (nfl_games_538.csv's elo1, elo2), if any.
/// </summary>
public sealed record EloGame(
    DateOnly Date, int Season, bool Neutral, string Team1, string Team2, int? Score1, int? Score2, double? Result1,
    double? PublishedElo1 = null, double? PublishedElo2 = null)
{
    public bool Played => Score1 is not null && Score2 is not null && Result1 is not null;
}

/// <summary>
/// The forecast of one game: P(team1 wins) and both teams' ratings before it. The carried ratings are
/// the model's own (after season reversion, before any anchoring), for comparison with published ones.
/// </summary>
public sealed record EloForecast(EloGame Game, double Probability1, double Elo1Before, double Elo2Before, double Elo1Carried, double Elo2Carried);

/// <summary>Which ratings a replay forecasts from.</summary>
public enum EloAnchoring
{
    /// <summary>The model's own chain of ratings from the starting ratings, never reset.</summary>
    Chain,

    /// <summary>
    /// A game's published pre-game ratings, where the game has them, replace the carried ones; the model's
    /// updates carry them on to the next game. FiveThirtyEight published ratings rounded to 3 decimals
    /// (until 2016), so a pure chain drifts from its published probabilities by up to ~2e-6.
    /// </summary>
    Published,
}

/// <summary>A team that has no starting rating.</summary>
public sealed class UnknownTeamException(string team)
    : InvalidOperationException($"team '{team}' has no starting rating")
{
    public string Team { get; } = team;
}

/// <summary>
/// Runs the model over games in order: season reversion at each team's first game of a new season,
/// the forecast, then the rating update when the game was played. The same games, starting ratings and
/// anchoring always give the same forecasts.
/// </summary>
public static class EloReplay
{
    public static IEnumerable<EloForecast> Run(
        IEnumerable<EloGame> games, IReadOnlyDictionary<string, double> startingRatings, EloConfig config, EloAnchoring anchoring = EloAnchoring.Chain)
    {
        var teams = new Dictionary<string, (double Elo, int? Season)>(StringComparer.Ordinal);

        (double Elo, int? Season) Current(string team) =>
            teams.TryGetValue(team, out var t) ? t
            : startingRatings.TryGetValue(team, out var elo) ? (elo, null)
            : throw new UnknownTeamException(team);

        double AtSeason(string team, int season)
        {
            var (elo, last) = Current(team);
            if (last is { } s && s != season)
                elo = EloModel.SeasonStart(team, season, elo, config);
            teams[team] = (elo, season);
            return elo;
        }

        foreach (var game in games)
        {
            var carried1 = AtSeason(game.Team1, game.Season);
            var carried2 = AtSeason(game.Team2, game.Season);
            var anchor = anchoring == EloAnchoring.Published;
            var elo1 = anchor && game.PublishedElo1 is { } p1Elo ? p1Elo : carried1;
            var elo2 = anchor && game.PublishedElo2 is { } p2Elo ? p2Elo : carried2;
            var diff = EloModel.Difference(elo1, elo2, game.Neutral, config);
            var p1 = EloModel.WinProbability(diff);

            var shift = game.Played ? EloModel.Shift(game.Score1!.Value, game.Score2!.Value, game.Result1!.Value, diff, p1, config) : 0.0;
            teams[game.Team1] = (elo1 + shift, game.Season);
            teams[game.Team2] = (elo2 - shift, game.Season);

            yield return new EloForecast(game, p1, elo1, elo2, carried1, carried2);
        }
    }
}
