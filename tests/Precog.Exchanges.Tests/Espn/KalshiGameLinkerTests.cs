using Precog.Domain.Values;
using Precog.Exchanges.Espn;
using Precog.Testing.FakeFeeds;

namespace Precog.Exchanges.Tests.Espn;

public class KalshiGameLinkerTests
{
    private static readonly DateTimeOffset At = new(2025, 12, 7, 19, 0, 0, TimeSpan.Zero);
    private static readonly KalshiGameLinker Linker = new();

    private static IReadOnlyList<EspnGame> Week14 =>
        EspnScoreboardParser.Parse(EspnScoreboardParserTests.Fixture("espn_nfl_live_games.json"), EspnLeague.Nfl, At).Games;

    private static GameLink Linked(string ticker, IEnumerable<EspnGame>? games = null)
    {
        var result = Linker.Link(new MarketTicker(ticker), games ?? Week14);
        Assert.True(result.IsLinked, result.Refusal);
        return result.Link!;
    }

    private static string Refused(string ticker, IEnumerable<EspnGame>? games = null)
    {
        var result = Linker.Link(new MarketTicker(ticker), games ?? Week14);
        Assert.False(result.IsLinked, $"{ticker} was linked to {result.Link}");
        return result.Refusal!;
    }

    [Theory]
    [InlineData("KXNFLGAME-25DEC07SEAATL-SEA", "401772900", "ATL", "SEA", "SEA")]
    [InlineData("KXNFLGAME-25DEC07SEAATL-ATL", "401772900", "ATL", "SEA", "ATL")]
    [InlineData("KXNFLGAME-25DEC07CINBUF-BUF", "401772902", "BUF", "CIN", "BUF")]
    // Kalshi's and ESPN's spellings differ from the teams table's: WAS (ESPN WSH), JAC (JAX), LA (LAR)
    [InlineData("KXNFLGAME-25DEC07WASMIN-WAS", "401772899", "MIN", "WAS", "WAS")]
    [InlineData("KXNFLGAME-25DEC07INDJAC-JAC", "401772793", "JAX", "IND", "JAX")]
    [InlineData("KXNFLGAME-25DEC07LAARI-LA", "401772901", "ARI", "LAR", "LAR")]
    // Sunday night: kickoff 2025-12-08T01:20Z is still Sunday the 7th in the US
    [InlineData("KXNFLGAME-25DEC07HOUKC-KC", "401772932", "KC", "HOU", "KC")]
    // Thursday night: 2025-12-05T01:15Z is Thursday the 4th; Monday night 2025-12-09T01:15Z is the 8th
    [InlineData("KXNFLGAME-25DEC04DALDET-DET", "401772947", "DET", "DAL", "DET")]
    [InlineData("KXNFLGAME-25DEC08PHILAC-PHI", "401772822", "LAC", "PHI", "PHI")]
    public void A_game_ticker_links_to_the_ESPN_game_of_its_teams_on_its_US_date(string ticker, string eventId, string home, string away, string yes)
    {
        var link = Linked(ticker);

        Assert.Equal(new GameLink(new MarketTicker(ticker), "nfl", eventId, home, away, yes), link);
        Assert.Equal(yes == home, link.YesIsHome);
        Assert.Equal(eventId, link.ToEvent("kalshi", At).ExternalGameId);
    }

    [Theory]
    [InlineData("KXNFLGAME-25DEC08HOUKC-KC", "only on 2025-12-07, not on 2025-12-08")]
    [InlineData("KXNFLGAME-25DEC07BALGB-GB", "no ESPN game of BAL at GB on 2025-12-07")]
    [InlineData("KXNFLGAME-25DEC07SEAATL-KC", "the YES team KC is neither SEA nor ATL")]
    [InlineData("KXNFLGAME-25DEC07SEAXYZ-SEA", "SEAXYZ is not an away and a home NFL team code")]
    [InlineData("KXNBAGAME-25DEC07ORLNY-NY", "series KXNBAGAME is not the NFL game series KXNFLGAME")]
    [InlineData("KXNFLGAME-25DEC32SEAATL-SEA", "25DEC32 is not a date")]
    [InlineData("KXNFLGAME-25NOV29-NEBUF-B250", "not a game ticker")]
    public void A_ticker_no_single_game_fits_is_refused_with_the_reason(string ticker, string reason) =>
        Assert.Contains(reason, Refused(ticker));

    [Fact]
    public void Two_ESPN_games_of_the_same_teams_on_the_same_day_are_ambiguous_and_refused()
    {
        var kickoff = new DateTimeOffset(2025, 12, 27, 18, 0, 0, TimeSpan.Zero);
        var (bal, gb) = (new ScriptedTeam("33", "BAL"), new ScriptedTeam("9", "GB"));
        var games = EspnScoreboardParser.Parse(EspnScoreboardBuilder.Build(
            ScriptedGame.Scheduled("1001", kickoff, gb, bal),
            ScriptedGame.Scheduled("1002", kickoff.AddHours(3), gb, bal)), EspnLeague.Nfl, At).Games;

        var reason = Refused("KXNFLGAME-25DEC27BALGB-GB", games);

        Assert.Contains("ambiguous", reason);
        Assert.Contains("1001, 1002", reason);
        Assert.Equal("1001", Linked("KXNFLGAME-25DEC27BALGB-GB", games.Take(1)).ExternalGameId);
    }

    [Fact]
    public void Precogs_team_codes_are_the_teams_tables()
    {
        var table = File.ReadAllLines(SharedData.Path("data", "nfl_teams_initial_elo.csv")).Skip(1)
            .Where(l => l.Length > 0).Select(l => l.Split(',')[0]).ToHashSet();

        Assert.True(table.SetEquals(NflTeamCodes.Precog), string.Join(",", table.Order()));
    }

    [Fact]
    public void No_pair_of_NFL_teams_reads_two_ways_in_a_ticker()
    {
        string[] spellings = [.. NflTeamCodes.Precog, "JAC", "LA"];
        var refusals = new List<string>();
        foreach (var away in spellings)
        {
            foreach (var home in spellings)
            {
                if (NflTeamCodes.FromKalshi(away) == NflTeamCodes.FromKalshi(home)) continue;
                var reason = Linker.Link(new MarketTicker($"KXNFLGAME-25DEC07{away}{home}-{home}"), []).Refusal!;
                if (!reason.Contains("no ESPN game of", StringComparison.Ordinal)) refusals.Add(reason);
            }
        }
        Assert.Empty(refusals);
    }
}
