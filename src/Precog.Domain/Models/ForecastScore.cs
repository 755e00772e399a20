namespace Precog.Domain.Models;

/// <summary>How good a set of probability forecasts was against what happened (outcome 1, 0 or 0.5 for a tie).</summary>
public sealed record ForecastScore(int Count, double Brier, double LogLoss)
{
    /// <summary>Brier score (mean squared error) and log loss (mean negative log-likelihood) of the forecasts.</summary>
    public static ForecastScore Of(IEnumerable<(double Probability, double Outcome)> forecasts)
    {
        var n = 0;
        double brier = 0, logLoss = 0;
        foreach (var (p, y) in forecasts)
        {
            if (p is < 0 or > 1 || double.IsNaN(p))
                throw new ArgumentOutOfRangeException(nameof(forecasts), p, $"forecast {p} is not a probability");
            n++;
            brier += (p - y) * (p - y);
            // clamp so a forecast of exactly 0 or 1 that turned out wrong scores large, not infinite
            var q = Math.Clamp(p, 1e-15, 1 - 1e-15);
            logLoss -= y * Math.Log(q) + (1 - y) * Math.Log(1 - q);
        }
        return n == 0 ? new ForecastScore(0, double.NaN, double.NaN) : new ForecastScore(n, brier / n, logLoss / n);
    }
}
