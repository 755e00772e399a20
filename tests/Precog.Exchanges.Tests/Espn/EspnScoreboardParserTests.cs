using System.Text.Json.Nodes;
using Precog.Domain.Games;
using Precog.Exchanges.Espn;
using Precog.Testing.FakeFeeds;

namespace Precog.Exchanges.Tests.Espn;

public class EspnScoreboardParserTests
{
    private static readonly DateTimeOffset At = new(2025, 12, 7, 19, 0, 0, TimeSpan.Zero);

    internal static string Fixture(string name) => RecordedFixture.ResponseBody(SharedData.Path("fixtures", "espn", name));

    private static GameStateChanged Game(EspnScoreboard board, string id) => Assert.Single(board.Games, g => g.EventId == id).State;

    [Theory]
    [InlineData("espn_nfl_scoreboard.json", "nfl", 14)]
    [InlineData("espn_nfl_live_games.json", "nfl", 14)]
    [InlineData("espn_ncaaf_scoreboard.json", "ncaaf", 6)]
    [InlineData("espn_nba_scoreboard.json", "nba", 7)]
    public void Every_event_of_every_recorded_scoreboard_is_read(string fixture, string league, int events)
    {
        var json = Fixture(fixture);
        var board = EspnScoreboardParser.Parse(json, LeagueOf(league), At);

        Assert.Empty(board.Errors);
        Assert.Equal(events, board.Games.Count);
        Assert.Equal(events, JsonNode.Parse(json)!["events"]!.AsArray().Count);
        Assert.All(board.Games, g => Assert.Equal(At, g.State.At));
    }

    [Fact]
    public void The_live_nfl_snapshot_reads_scores_periods_clocks_possession_and_downs_exactly()
    {
        var board = EspnScoreboardParser.Parse(Fixture("espn_nfl_live_games.json"), EspnLeague.Nfl, At);

        Assert.Equal(new GameStateChanged("nfl", "401772900", "ATL", "SEA", 3, 3, "Q2", "05:49", "ATL", 1, 10, GameStatus.Live, At), Game(board, "401772900"));
        Assert.Equal(new GameStateChanged("nfl", "401772902", "BUF", "CIN", 11, 14, "Q2", "03:34", "CIN", 1, 10, GameStatus.Live, At), Game(board, "401772902"));
        // ESPN's WSH is the teams table's WAS; possession "28" is Washington's ESPN id
        Assert.Equal(new GameStateChanged("nfl", "401772899", "MIN", "WAS", 14, 0, "Q2", "01:45", "WAS", 1, 10, GameStatus.Live, At), Game(board, "401772899"));
        // between plays: no possession, down -1 and distance 0 mean no down in progress
        Assert.Equal(new GameStateChanged("nfl", "401772792", "TB", "NO", 10, 7, "Q2", "09:11", null, null, null, GameStatus.Live, At), Game(board, "401772792"));
        Assert.Equal(new GameStateChanged("nfl", "401772947", "DET", "DAL", 44, 30, "Q4", "00:00", null, null, null, GameStatus.Final, At), Game(board, "401772947"));
        Assert.Equal(new GameStateChanged("nfl", "401772932", "KC", "HOU", 0, 0, "Q1", "15:00", null, null, null, GameStatus.Scheduled, At), Game(board, "401772932"));
        Assert.Equal(new DateTimeOffset(2025, 12, 8, 1, 20, 0, TimeSpan.Zero), board.Games.Single(g => g.EventId == "401772932").Kickoff);
        Assert.Equal(("ARI", "LAR"), (Game(board, "401772901").HomeTeam, Game(board, "401772901").AwayTeam));
        Assert.Equal(("JAX", "IND"), (Game(board, "401772793").HomeTeam, Game(board, "401772793").AwayTeam));
    }

    [Fact]
    public void The_earlier_nfl_snapshot_reads_the_situation_of_a_minute_before()
    {
        var board = EspnScoreboardParser.Parse(Fixture("espn_nfl_scoreboard.json"), EspnLeague.Nfl, At);

        Assert.Equal(new GameStateChanged("nfl", "401772900", "ATL", "SEA", 3, 3, "Q2", "06:00", "SEA", 4, 8, GameStatus.Live, At), Game(board, "401772900"));
        Assert.Equal(new GameStateChanged("nfl", "401772898", "CLE", "TEN", 10, 14, "Q2", "11:48", "TEN", 4, 6, GameStatus.Live, At), Game(board, "401772898"));
        Assert.Equal(new GameStateChanged("nfl", "401772792", "TB", "NO", 7, 7, "Q2", "09:18", "TB", 4, 5, GameStatus.Live, At), Game(board, "401772792"));
    }

    [Fact]
    public void College_overtime_reads_as_OT_and_other_leagues_keep_ESPNs_abbreviations()
    {
        var ncaaf = EspnScoreboardParser.Parse(Fixture("espn_ncaaf_scoreboard.json"), EspnLeague.CollegeFootball, At);
        var nba = EspnScoreboardParser.Parse(Fixture("espn_nba_scoreboard.json"), EspnLeague.Nba, At);

        Assert.Equal(new GameStateChanged("ncaaf", "401777328", "UVA", "DUKE", 20, 27, "OT", "00:00", null, null, null, GameStatus.Final, At), Game(ncaaf, "401777328"));
        Assert.Equal(new GameStateChanged("ncaaf", "401777351", "ALA", "UGA", 7, 28, "Q4", "00:00", null, null, null, GameStatus.Final, At), Game(ncaaf, "401777351"));
        Assert.All(ncaaf.Games, g => Assert.Equal(GameStatus.Final, g.State.Status));
        Assert.Equal(new GameStateChanged("nba", "401810212", "NY", "ORL", 87, 73, "Q4", "11:20", null, null, null, GameStatus.Live, At), Game(nba, "401810212"));
        Assert.Equal(new GameStateChanged("nba", "401810218", "UTAH", "OKC", 0, 0, "Q1", "12:00", null, null, null, GameStatus.Scheduled, At), Game(nba, "401810218"));
    }

    [Theory]
    [InlineData("competitors[home].score", "\"abc\"", "competitions[0].competitors[home].score", "'abc' is not a whole number")]
    [InlineData("competitors[away].score", "\"-3\"", "competitions[0].competitors[away].score", "'-3' is not a whole number")]
    [InlineData("competitors[home].score", "\"1000\"", "competitions[0].competitors[home].score", "1000 is out of range")]
    [InlineData("status.period", "-1", "competitions[0].status.period", "-1 is out of range")]
    [InlineData("status.displayClock", "\"16:00\"", "competitions[0].status.displayClock", "longer than a nfl period")]
    [InlineData("status.displayClock", "\"5:7\"", "competitions[0].status.displayClock", "is not M:SS")]
    [InlineData("status.type.state", "\"live\"", "competitions[0].status.type.state", "'live' is not pre, in or post")]
    [InlineData("situation.down", "5", "competitions[0].situation.down", "5 is out of range")]
    [InlineData("situation.distance", "101", "competitions[0].situation.distance", "101 is out of range")]
    [InlineData("situation.possession", "\"99\"", "competitions[0].situation.possession", "is neither team of the game")]
    [InlineData("competitors[away].team.abbreviation", "\"XYZ\"", "competitions[0].competitors[away].team.abbreviation", "'XYZ' is not an NFL team")]
    [InlineData("date", "\"Sunday\"", "date", "is not a UTC time")]
    public void A_bad_field_refuses_its_event_by_name_and_the_rest_of_the_scoreboard_is_still_read(string field, string value, string named, string problem)
    {
        var doc = JsonNode.Parse(Fixture("espn_nfl_live_games.json"))!;
        var target = doc["events"]!.AsArray().Single(e => (string?)e!["id"] == "401772900")!;
        Set(target, field, JsonNode.Parse(value));

        var board = EspnScoreboardParser.Parse(doc.ToJsonString(), EspnLeague.Nfl, At);

        var error = Assert.Single(board.Errors);
        Assert.Equal(("401772900", named), (error.EventId, error.Field));
        Assert.Contains(problem, error.Problem);
        Assert.StartsWith($"ESPN event 401772900: {named} ", error.ToString());
        Assert.Equal(13, board.Games.Count);
        Assert.DoesNotContain(board.Games, g => g.EventId == "401772900");
    }

    [Fact]
    public void A_postponed_game_is_refused_rather_than_read_as_final()
    {
        var doc = JsonNode.Parse(Fixture("espn_nfl_live_games.json"))!;
        var target = doc["events"]!.AsArray().Single(e => (string?)e!["id"] == "401772794")!;
        var type = target["competitions"]![0]!["status"]!["type"]!;
        (type["state"], type["name"], type["completed"]) = ("post", "STATUS_POSTPONED", false);

        var board = EspnScoreboardParser.Parse(doc.ToJsonString(), EspnLeague.Nfl, At);

        var error = Assert.Single(board.Errors);
        Assert.Equal(("401772794", "competitions[0].status.type.name"), (error.EventId, error.Field));
        Assert.Contains("STATUS_POSTPONED", error.Problem);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"leagues\": []}")]
    [InlineData("[]")]
    public void A_body_that_is_no_scoreboard_is_refused_whole(string body) =>
        Assert.Throws<EspnScoreboardException>(() => EspnScoreboardParser.Parse(body, EspnLeague.Nfl, At));

    internal static EspnLeague LeagueOf(string name) => name switch
    {
        "nfl" => EspnLeague.Nfl,
        "ncaaf" => EspnLeague.CollegeFootball,
        _ => EspnLeague.Nba,
    };

    /// <summary>Sets a field of an event: competitors[home|away].x, status.x, situation.x inside competitions[0]; else on the event.</summary>
    private static void Set(JsonNode ev, string path, JsonNode? value)
    {
        var competition = ev["competitions"]![0]!;
        var parts = path.Split('.');
        JsonNode node;
        if (parts[0].StartsWith("competitors[", StringComparison.Ordinal))
        {
            var side = parts[0]["competitors[".Length..^1];
            node = competition["competitors"]!.AsArray().Single(c => (string?)c!["homeAway"] == side)!;
        }
        else if (parts[0] is "status" or "situation") node = competition[parts[0]]!;
        else
        {
            ev[parts[0]] = value;
            return;
        }
        foreach (var p in parts[1..^1]) node = node[p]!;
        node[parts[^1]] = value;
    }
}
