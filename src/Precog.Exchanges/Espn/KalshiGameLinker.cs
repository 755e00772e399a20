using System.Globalization;
using System.Text.RegularExpressions;
using Precog.Domain.Markets;
using Precog.Domain.Values;

namespace Precog.Exchanges.Espn;

/// <summary>A Kalshi game market tied to its ESPN game; YES pays if <see cref="YesTeam"/> wins. Teams are Precog's codes.</summary>
public sealed record GameLink(MarketTicker Ticker, string League, string ExternalGameId, string HomeTeam, string AwayTeam, string YesTeam)
{
    public bool YesIsHome => YesTeam == HomeTeam;

    public MarketLinkedToGame ToEvent(string platform, DateTimeOffset at) => new(platform, Ticker, League, ExternalGameId, at);
}

/// <summary>Either a link or the reason there is none.</summary>
public sealed record GameLinkResult(GameLink? Link, string? Refusal)
{
    public bool IsLinked => Link is not null;

    public static GameLinkResult Linked(GameLink link) => new(link, null);
    public static GameLinkResult Refused(string reason) => new(null, reason);
}

/// <summary>A game ticker read by itself: the game's (US Eastern) date, its teams and the team YES pays on, in Precog's codes.</summary>
public sealed record GameTicker(MarketTicker Ticker, DateOnly Date, string Away, string Home, string YesTeam);

/// <summary>Either what a game ticker says or why it says nothing.</summary>
public sealed record GameTickerReading(GameTicker? Game, string? Refusal);

/// <summary>
/// Links Kalshi's NFL game markets (<c>KXNFLGAME-25DEC27BALGB-GB</c>: the game's date, the away team's code then
/// the home team's, and after the dash the team YES is on) to the ESPN game between those teams on that date.
/// Kalshi dates a game by its US Eastern calendar day (a Sunday-night kickoff is Monday in UTC), so ESPN's UTC
/// kickoff is read in <paramref name="gameDayZone"/> (America/New_York unless given). A ticker whose teams
/// split two ways, whose teams or date no ESPN game has, or which more than one game fits, is refused with
/// the reason; so is a YES team that is not one of the two.
/// </summary>
public sealed partial class KalshiGameLinker(TimeZoneInfo? gameDayZone = null)
{
    public const string Series = "KXNFLGAME";

    private readonly TimeZoneInfo _zone = gameDayZone ?? TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [GeneratedRegex(@"^(?<series>[A-Z0-9]+)-(?<date>\d{2}[A-Z]{3}\d{2})(?<teams>[A-Z]+)-(?<yes>[A-Z]+)$")]
    private static partial Regex TickerShape();

    public GameLinkResult Link(MarketTicker ticker, IEnumerable<EspnGame> games)
    {
        var read = Read(ticker);
        if (read.Game is not { } t) return GameLinkResult.Refused(read.Refusal!);
        var (date, away, home, yes) = (t.Date, t.Away, t.Home, t.YesTeam);

        var nfl = games.Where(g => g.State.League == EspnLeague.Nfl.Name).ToList();
        var sameTeams = nfl.Where(g => (g.State.AwayTeam, g.State.HomeTeam) == (away, home) || (g.State.AwayTeam, g.State.HomeTeam) == (home, away)).ToList();
        var found = sameTeams.Where(g => GameDay(g) == date).ToList();
        switch (found.Count)
        {
            case 0 when sameTeams.Count > 0:
                return GameLinkResult.Refused($"{ticker}: ESPN has {away} and {home} only on {string.Join(", ", sameTeams.Select(g => GameDay(g).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}, not on {date:yyyy-MM-dd}");
            case 0:
                return GameLinkResult.Refused($"{ticker}: no ESPN game of {away} at {home} on {date:yyyy-MM-dd}");
            case > 1:
                return GameLinkResult.Refused($"{ticker}: ambiguous, ESPN has {found.Count} games of {away} and {home} on {date:yyyy-MM-dd} ({string.Join(", ", found.Select(g => g.EventId))})");
        }
        var game = found[0];
        return GameLinkResult.Linked(new GameLink(ticker, game.State.League, game.EventId, game.State.HomeTeam, game.State.AwayTeam, yes));
    }

    /// <summary>
    /// What a game ticker says by itself: the game's US Eastern date, the away and home teams and the team YES is on
    /// (Precog's codes), or why it is not an NFL game ticker. How a node without a game feed still knows the match-up.
    /// </summary>
    public static GameTickerReading Read(MarketTicker ticker)
    {
        var m = TickerShape().Match(ticker.Value.ToUpperInvariant());
        if (!m.Success)
            return new(null, $"{ticker}: not a game ticker of the form {Series}-YYMMMDD<away><home>-<yes team>");
        if (m.Groups["series"].Value != Series)
            return new(null, $"{ticker}: series {m.Groups["series"].Value} is not the NFL game series {Series}");
        if (!DateOnly.TryParseExact(m.Groups["date"].Value, "yyMMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return new(null, $"{ticker}: {m.Groups["date"].Value} is not a date (YYMMMDD)");

        var teams = m.Groups["teams"].Value;
        var splits = Splits(teams);
        if (splits.Count == 0)
            return new(null, $"{ticker}: {teams} is not an away and a home NFL team code");
        if (splits.Count > 1)
            return new(null, $"{ticker}: {teams} is ambiguous, it reads as {string.Join(" or ", splits.Select(s => $"{s.Away} at {s.Home}"))}");
        var (away, home) = splits[0];
        var yes = NflTeamCodes.FromKalshi(m.Groups["yes"].Value);
        if (yes != away && yes != home)
            return new(null, $"{ticker}: the YES team {m.Groups["yes"].Value} is neither {away} nor {home}");
        return new(new GameTicker(ticker, date, away, home, yes), null);
    }

    private DateOnly GameDay(EspnGame g) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(g.Kickoff, _zone).DateTime);

    /// <summary>Every way to cut the letters into two team codes (Precog's codes after translation).</summary>
    private static List<(string Away, string Home)> Splits(string teams)
    {
        var splits = new List<(string, string)>();
        for (var i = 2; i <= teams.Length - 2; i++)
        {
            if (NflTeamCodes.FromKalshi(teams[..i]) is { } away && NflTeamCodes.FromKalshi(teams[i..]) is { } home && away != home)
                splits.Add((away, home));
        }
        return splits;
    }
}
