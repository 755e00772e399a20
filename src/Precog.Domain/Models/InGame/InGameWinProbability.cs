using MathNet.Numerics.Distributions;

namespace Precog.Domain.Models.InGame;

/// <summary>Parameters of the in-game model; immutable, a change is a new model version.</summary>
/// <param name="Sigma">Standard deviation of an NFL game's final margin about its expectation (13.45 points).</param>
/// <param name="SigmaLow">Lower end of σ's plausible range, for the confidence interval.</param>
/// <param name="SigmaHigh">Upper end of σ's plausible range.</param>
/// <param name="EloPointsPerPoint">Elo points per point of expected margin (25: FiveThirtyEight's rule).</param>
/// <param name="RegulationSeconds">Length of regulation (3600 s).</param>
public sealed record InGameConfig(
    double Sigma = 13.45,
    double SigmaLow = 12.0,
    double SigmaHigh = 15.0,
    double EloPointsPerPoint = 25.0,
    double RegulationSeconds = 3600.0)
{
    public static readonly InGameConfig Nfl = new();
}

/// <summary>A win probability with the interval σ's uncertainty puts around it.</summary>
public sealed record WinProbability(double Probability, double Lower, double Upper);

/// <summary>
/// Stern (1994): the final margin as Brownian motion. With t the fraction played, lead the team's
/// current lead and μ its pre-game expected margin, p = Φ((lead + (1 − t)·μ) / (σ·√(1 − t))). At t = 1
/// the result is known. Overtime and possession adjustments belong to later versions of the model.
/// </summary>
public static class InGameModel
{
    public static double Probability(double lead, double fractionPlayed, double expectedMargin, double sigma)
    {
        if (fractionPlayed is < 0 or > 1 || double.IsNaN(fractionPlayed))
            throw new ArgumentOutOfRangeException(nameof(fractionPlayed), fractionPlayed, "fraction of the game played must lie in [0, 1]");
        if (sigma <= 0)
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be positive");
        var remaining = 1 - fractionPlayed;
        if (remaining == 0)
            return lead > 0 ? 1.0 : lead < 0 ? 0.0 : 0.5;
        return Normal.CDF(0, 1, (lead + remaining * expectedMargin) / (sigma * Math.Sqrt(remaining)));
    }

    /// <summary>The probability at σ, and the interval spanned by σ's range (a wider σ pulls toward 0.5).</summary>
    public static WinProbability WithInterval(double lead, double fractionPlayed, double expectedMargin, InGameConfig c)
    {
        var p = Probability(lead, fractionPlayed, expectedMargin, c.Sigma);
        var a = Probability(lead, fractionPlayed, expectedMargin, c.SigmaLow);
        var b = Probability(lead, fractionPlayed, expectedMargin, c.SigmaHigh);
        return new WinProbability(p, Math.Min(Math.Min(a, b), p), Math.Max(Math.Max(a, b), p));
    }

    /// <summary>Pre-game expected margin from the Elo difference (home advantage included): diff / 25.</summary>
    public static double ExpectedMargin(double eloDifference, InGameConfig c) => eloDifference / c.EloPointsPerPoint;

    /// <summary>
    /// Fraction of the game played from the quarter (1-4, 5 for overtime) and the seconds left in it.
    /// Overtime counts as the last moments of the game: the time left is what remains uncertain.
    /// </summary>
    public static double FractionPlayed(int quarter, int secondsLeftInQuarter, InGameConfig c)
    {
        var quarterLength = c.RegulationSeconds / 4;
        if (quarter < 1 || quarter > 5)
            throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "quarter must be 1-4, or 5 for overtime");
        if (secondsLeftInQuarter < 0 || secondsLeftInQuarter > quarterLength)
            throw new ArgumentOutOfRangeException(nameof(secondsLeftInQuarter), secondsLeftInQuarter, $"seconds left must lie in [0, {quarterLength}]");
        if (quarter == 5)
            return 1 - secondsLeftInQuarter / c.RegulationSeconds;
        return ((quarter - 1) * quarterLength + (quarterLength - secondsLeftInQuarter)) / c.RegulationSeconds;
    }
}
