using System.Globalization;
using Precog.Domain.Models.InGame;
using Precog.Domain.Values;

namespace Precog.Domain.Models.Matrices;

/// <summary>
/// Generates the NFL halftime matrix (win probability by point differential at halftime) from the
/// in-game model: t = 0.5 and μ = 0 (evenly matched teams), lead at the bucket's midpoint, open-ended
/// buckets at their inner bound. The methodology string records the model and its parameters.
/// </summary>
public static class HalftimeMatrix
{
    public const string Name = "nfl_halftime_point_differential";

    /// <summary>Point differentials from the leader's or trailer's view, in football's natural score steps.</summary>
    public static readonly IReadOnlyList<MatrixBucket> NflBuckets =
    [
        new("down_15+", null, -15m), new("down_8to14", -14m, -8m), new("down_4to7", -7m, -4m), new("down_1to3", -3m, -1m),
        new("tied", 0m, 0m),
        new("up_1to3", 1m, 3m), new("up_4to7", 4m, 7m), new("up_8to14", 8m, 14m), new("up_15+", 15m, null),
    ];

    public static ProbabilityMatrix Generate(InGameConfig config, string version = "v1.0")
    {
        var methodology = string.Format(CultureInfo.InvariantCulture,
            "stern_1994 brownian margin: p = Phi((lead + (1-t)mu) / (sigma sqrt(1-t))), t = 0.5, mu = 0, sigma = {0}, interval sigma in [{1}, {2}], lead at bucket midpoint",
            config.Sigma, config.SigmaLow, config.SigmaHigh);
        var entries = NflBuckets.Select(b =>
        {
            var lead = (double)Representative(b);
            var p = InGameModel.WithInterval(lead, 0.5, 0, config);
            return new MatrixEntry(new MatrixKey("sports", "nfl", version, "halftime", b.Label),
                Probability.FromModel(p.Probability), Probability.FromModel(p.Lower), Probability.FromModel(p.Upper),
                SampleSize: null, Source: "model", methodology);
        });
        return new ProbabilityMatrix(Name, "NFL win probability at halftime by point differential, from the in-game model", NflBuckets, entries);
    }

    private static decimal Representative(MatrixBucket b) => (b.Min, b.Max) switch
    {
        ({ } lo, { } hi) => (lo + hi) / 2,
        (null, { } hi) => hi,
        ({ } lo, null) => lo,
        _ => 0m,
    };
}
