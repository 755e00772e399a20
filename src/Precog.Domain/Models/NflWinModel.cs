using System.Globalization;
using Precog.Domain.Games;
using Precog.Domain.Models.Elo;
using Precog.Domain.Models.InGame;

namespace Precog.Domain.Models;

/// <summary>The model's view of one game: P(home wins) with the interval around it.</summary>
public sealed record GameEstimate(double HomeWins, double Lower, double Upper);

/// <summary>
/// The pre-game ratings of one game's two teams as a replayed source recorded them (FiveThirtyEight's elo1/elo2),
/// and whether it was played on neutral ground (no home advantage).
/// </summary>
public sealed record GameRatings(double Home, double Away, bool Neutral);

/// <summary>
/// NFL win probability: FiveThirtyEight's Elo before kickoff (home advantage included), the in-game model of
/// Stern (1994) with the Elo margin as its expectation once the game is on, and the known result at the end.
/// Periods are read as Q1-Q4, OT (overtime), HT (half time); the clock as MM:SS left in the period.
/// </summary>
public sealed class NflWinModel(IReadOnlyDictionary<string, double> ratings, EloConfig elo, InGameConfig inGame)
{
    public static readonly string DefaultLabel = "nfl_elo_ingame v1.0";

    /// <summary>
    /// Ratings of a particular game (by external game id) that take precedence over the team table: a replay of
    /// past seasons knows each game's own pre-game ratings, which the one table of current ratings cannot hold.
    /// </summary>
    public Func<string, GameRatings?>? PerGame { get; init; }

    /// <summary>The estimate for a game, or null when a team has no rating (the model cannot price it).</summary>
    public GameEstimate? Estimate(GameStateChanged game)
    {
        double home, away;
        var neutral = false;
        if (PerGame?.Invoke(game.ExternalGameId) is { } own) (home, away, neutral) = (own.Home, own.Away, own.Neutral);
        else if (!ratings.TryGetValue(game.HomeTeam, out home) || !ratings.TryGetValue(game.AwayTeam, out away)) return null;
        var difference = EloModel.Difference(home, away, neutral, elo);
        if (game.Status is GameStatus.Scheduled or GameStatus.Pregame)
        {
            var p = EloModel.WinProbability(difference);
            var band = InGameModel.WithInterval(0, 0, InGameModel.ExpectedMargin(difference, inGame), inGame);
            return new GameEstimate(p, Math.Min(p, band.Lower), Math.Max(p, band.Upper));
        }
        var lead = game.HomeScore - game.AwayScore;
        var played = game.Status == GameStatus.Final ? 1.0 : FractionPlayed(game);
        var w = InGameModel.WithInterval(lead, played, InGameModel.ExpectedMargin(difference, inGame), inGame);
        return new GameEstimate(w.Probability, w.Lower, w.Upper);
    }

    private double FractionPlayed(GameStateChanged game)
    {
        if (game.Status == GameStatus.Halftime || game.Period.Equals("HT", StringComparison.OrdinalIgnoreCase)) return 0.5;
        var period = game.Period.Trim().ToUpperInvariant();
        var quarter = period == "OT" ? 5
            : period.StartsWith('Q') && int.TryParse(period[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var q) ? q
            : throw new FormatException($"period '{game.Period}' of game {game.ExternalGameId} is not Q1-Q4, OT or HT");
        var clock = game.Clock.Split(':');
        if (clock.Length != 2 || !int.TryParse(clock[0], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || !int.TryParse(clock[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds >= 60)
            throw new FormatException($"clock '{game.Clock}' of game {game.ExternalGameId} is not MM:SS");
        var quarterSeconds = (int)(inGame.RegulationSeconds / 4);
        return InGameModel.FractionPlayed(quarter, Math.Min(minutes * 60 + seconds, quarterSeconds), inGame);
    }
}
