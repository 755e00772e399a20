namespace Precog.Exchanges.Espn;

/// <summary>
/// NFL team codes. Precog's own codes are the teams table's (../shared/data/nfl_teams_initial_elo.csv), which
/// the models' ratings are keyed by; ESPN and Kalshi spell three teams differently and are translated here.
/// </summary>
public static class NflTeamCodes
{
    /// <summary>The 32 codes of the teams table.</summary>
    public static readonly IReadOnlySet<string> Precog = new HashSet<string>(StringComparer.Ordinal)
    {
        "ARI", "ATL", "BAL", "BUF", "CAR", "CHI", "CIN", "CLE", "DAL", "DEN", "DET", "GB", "HOU", "IND", "JAX", "KC",
        "LAC", "LAR", "LV", "MIA", "MIN", "NE", "NO", "NYG", "NYJ", "PHI", "PIT", "SEA", "SF", "TB", "TEN", "WAS",
    };

    // ESPN writes Washington WSH (seen in the week-14 fixtures).
    private static readonly Dictionary<string, string> EspnSpellings = new(StringComparer.Ordinal) { ["WSH"] = "WAS" };

    // Kalshi's game tickers write Jacksonville JAC and the Rams LA (KXNFLGAME-25OCT06KCJAC, KXNFLGAME-25DEC18LASEA).
    private static readonly Dictionary<string, string> KalshiSpellings = new(StringComparer.Ordinal) { ["JAC"] = "JAX", ["LA"] = "LAR" };

    /// <summary>Precog's code for ESPN's abbreviation, or null when it names no NFL team.</summary>
    public static string? FromEspn(string abbreviation) => Translate(abbreviation, EspnSpellings);

    /// <summary>Precog's code for a code in a Kalshi ticker, or null when it names no NFL team.</summary>
    public static string? FromKalshi(string code) => Translate(code, KalshiSpellings);

    private static string? Translate(string code, Dictionary<string, string> spellings)
    {
        var upper = code.Trim().ToUpperInvariant();
        return spellings.TryGetValue(upper, out var ours) ? ours : Precog.Contains(upper) ? upper : null;
    }
}
