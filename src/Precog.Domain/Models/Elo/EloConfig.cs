using System.Collections.Immutable;

namespace Precog.Domain.Models.Elo;

/// <summary>
/// Every parameter of the FiveThirtyEight NFL Elo model. Immutable: a change is a new model version.
/// </summary>
/// <param name="KFactor">K: rating points moved per unit of surprise (20).</param>
/// <param name="HomeFieldAdvantage">Points added to team1's rating unless the site is neutral (65).</param>
/// <param name="SeasonMean">The rating a team reverts toward between seasons (1505).</param>
/// <param name="SeasonReversion">The share of the gap to <paramref name="SeasonMean"/> closed at a new season (1/3).</param>
/// <param name="MarginScale">The 2.2 of the margin-of-victory multiplier's numerator and denominator.</param>
/// <param name="AutocorrelationScale">The 0.001 that discounts wins by favourites in the multiplier.</param>
/// <param name="TieDenominator">The multiplier's denominator for a tie (1.0).</param>
/// <param name="SeasonResets">One-off season starts that replace the reversion: key "TEAM" + season, e.g. "CLE1999".</param>
public sealed record EloConfig(
    double KFactor,
    double HomeFieldAdvantage,
    double SeasonMean,
    double SeasonReversion,
    double MarginScale,
    double AutocorrelationScale,
    double TieDenominator,
    ImmutableSortedDictionary<string, double> SeasonResets)
{
    /// <summary>FiveThirtyEight's published parameters, which reproduce elo_prob1 of nfl_games_538.csv.</summary>
    public static readonly EloConfig Nfl538 = new(
        KFactor: 20.0,
        HomeFieldAdvantage: 65.0,
        SeasonMean: 1505.0,
        SeasonReversion: 1 / 3.0,
        MarginScale: 2.2,
        AutocorrelationScale: 0.001,
        TieDenominator: 1.0,
        SeasonResets: new Dictionary<string, double>
        {
            ["CBD1925"] = 1502.032, ["RAC1926"] = 1403.384, ["LOU1926"] = 1307.201, ["CIB1927"] = 1362.919,
            ["MNN1929"] = 1306.702, ["BFF1929"] = 1331.943, ["LAR1944"] = 1373.977, ["PHI1944"] = 1497.988,
            ["ARI1945"] = 1353.939, ["PIT1945"] = 1353.939, ["CLE1999"] = 1300.0,
        }.ToImmutableSortedDictionary(StringComparer.Ordinal));
}
