namespace Precog.Domain.Models.Elo;

/// <summary>
/// The Elo formulas as pure functions. Statistics, not money: doubles, in the same order of operations
/// as FiveThirtyEight's reference implementation so that its published probabilities are reproduced.
/// </summary>
public static class EloModel
{
    /// <summary>team1's rating edge in points, home-field advantage included unless the site is neutral.</summary>
    public static double Difference(double elo1, double elo2, bool neutral, EloConfig c) =>
        elo1 - elo2 + (neutral ? 0.0 : c.HomeFieldAdvantage);

    /// <summary>P(team1 wins) = 1 / (10^(−diff/400) + 1).</summary>
    public static double WinProbability(double difference) => 1.0 / (Math.Pow(10.0, -difference / 400.0) + 1.0);

    /// <summary>
    /// Margin-of-victory multiplier: ln(max(|margin|, 1) + 1) × 2.2 / X, where X = 1 for a tie and
    /// otherwise the winner's rating edge × 0.001 + 2.2 (big favourites gain less from big wins).
    /// </summary>
    public static double MarginMultiplier(int score1, int score2, double result1, double difference, EloConfig c)
    {
        var margin = Math.Abs(score1 - score2);
        var denominator = result1 == 0.5
            ? c.TieDenominator
            : (result1 == 1.0 ? difference : -difference) * c.AutocorrelationScale + c.MarginScale;
        return Math.Log(Math.Max(margin, 1) + 1.0) * (c.MarginScale / denominator);
    }

    /// <summary>Rating points team1 gains (team2 loses the same): K × multiplier × (result1 − p1).</summary>
    public static double Shift(int score1, int score2, double result1, double difference, double probability1, EloConfig c) =>
        c.KFactor * MarginMultiplier(score1, score2, result1, difference, c) * (result1 - probability1);

    /// <summary>A team's rating at its first game of a new season: a one-off reset, or 1/3 of the way back to the mean.</summary>
    public static double SeasonStart(string team, int season, double rating, EloConfig c) =>
        c.SeasonResets.TryGetValue(team + season, out var reset)
            ? reset
            : rating * (1 - c.SeasonReversion) + c.SeasonReversion * c.SeasonMean;
}
