using MathNet.Numerics.Distributions;

namespace Precog.Domain.Experiments;

/// <summary>One closed trade of an arm: whether it won and its return on the money put in.</summary>
public sealed record TradeOutcome(Arm Arm, bool Won, decimal Roi);

/// <summary>When and how strictly to judge: at least MinTrades trades in total (both arms together), significance Alpha.</summary>
public sealed record AbTestSettings(int MinTrades = 200, double Alpha = 0.05)
{
    public static readonly AbTestSettings Default = new();
}

/// <summary>Pearson's chi-square test of independence on the 2×2 table of wins and losses (no continuity correction).</summary>
public sealed record ChiSquareResult(double Statistic, double PValue);

/// <summary>Welch's unequal-variances t-test on per-trade ROI, with Welch–Satterthwaite degrees of freedom (two-sided).</summary>
public sealed record WelchResult(double T, double DegreesOfFreedom, double PValue);

/// <summary>The verdict: a winning arm only when both tests are significant and point the same way.</summary>
public sealed record AbVerdict(Arm? Winner, string Reason, int TradesA, int TradesB, ChiSquareResult? ChiSquare, WelchResult? Welch);

/// <summary>The A/B evaluation of §8.</summary>
public static class AbTest
{
    public static AbVerdict Evaluate(IReadOnlyCollection<TradeOutcome> trades, AbTestSettings settings)
    {
        var a = trades.Where(t => t.Arm == Arm.A).ToList();
        var b = trades.Where(t => t.Arm == Arm.B).ToList();
        if (trades.Count < settings.MinTrades)
            return new AbVerdict(null, $"{trades.Count} trades, {settings.MinTrades} needed before judging", a.Count, b.Count, null, null);
        if (a.Count < 2 || b.Count < 2)
            return new AbVerdict(null, "each arm needs at least 2 trades", a.Count, b.Count, null, null);

        int winsA = a.Count(t => t.Won), winsB = b.Count(t => t.Won);
        var chi = ChiSquare(winsA, a.Count - winsA, winsB, b.Count - winsB);
        var welch = Welch(a.Select(t => (double)t.Roi).ToList(), b.Select(t => (double)t.Roi).ToList());

        if (chi.PValue >= settings.Alpha || welch.PValue >= settings.Alpha)
            return new AbVerdict(null, $"not significant at {settings.Alpha}: chi-square p = {chi.PValue:0.0000}, Welch p = {welch.PValue:0.0000}", a.Count, b.Count, chi, welch);

        var winRateFavoursA = (double)winsA / a.Count > (double)winsB / b.Count;
        var roiFavoursA = welch.T > 0;
        if (winRateFavoursA != roiFavoursA)
            return new AbVerdict(null, "both significant but in opposite directions (win rate and ROI disagree)", a.Count, b.Count, chi, welch);

        var winner = winRateFavoursA ? Arm.A : Arm.B;
        return new AbVerdict(winner, $"arm {winner} wins: chi-square p = {chi.PValue:0.0000}, Welch p = {welch.PValue:0.0000}", a.Count, b.Count, chi, welch);
    }

    /// <summary>Pearson chi-square on [[winsA, lossesA], [winsB, lossesB]], 1 degree of freedom.</summary>
    public static ChiSquareResult ChiSquare(int winsA, int lossesA, int winsB, int lossesB)
    {
        double[,] observed = { { winsA, lossesA }, { winsB, lossesB } };
        double n = winsA + lossesA + winsB + lossesB;
        double[] rows = [winsA + lossesA, winsB + lossesB];
        double[] cols = [winsA + winsB, lossesA + lossesB];
        if (cols[0] == 0 || cols[1] == 0)
            return new ChiSquareResult(0, 1); // everyone won or everyone lost: the arms cannot differ
        var statistic = 0.0;
        for (var i = 0; i < 2; i++)
        for (var j = 0; j < 2; j++)
        {
            var expected = rows[i] * cols[j] / n;
            statistic += (observed[i, j] - expected) * (observed[i, j] - expected) / expected;
        }
        return new ChiSquareResult(statistic, 1 - ChiSquared.CDF(1, statistic));
    }

    /// <summary>Welch's t-test of mean(a) − mean(b); positive t favours a.</summary>
    public static WelchResult Welch(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var (ma, va) = MeanAndVariance(a);
        var (mb, vb) = MeanAndVariance(b);
        var sa = va / a.Count;
        var sb = vb / b.Count;
        if (sa + sb == 0)
            return new WelchResult(ma == mb ? 0 : double.PositiveInfinity * Math.Sign(ma - mb), a.Count + b.Count - 2, ma == mb ? 1 : 0);
        var t = (ma - mb) / Math.Sqrt(sa + sb);
        var df = (sa + sb) * (sa + sb) / (sa * sa / (a.Count - 1) + sb * sb / (b.Count - 1));
        return new WelchResult(t, df, 2 * (1 - StudentT.CDF(0, 1, df, Math.Abs(t))));
    }

    private static (double Mean, double Variance) MeanAndVariance(IReadOnlyList<double> xs)
    {
        var mean = xs.Average();
        return (mean, xs.Sum(x => (x - mean) * (x - mean)) / (xs.Count - 1));
    }
}
