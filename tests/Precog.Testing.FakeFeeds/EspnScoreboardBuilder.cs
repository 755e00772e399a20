using System.Globalization;
using System.Text.Json.Nodes;

namespace Precog.Testing.FakeFeeds;

/// <summary>A team as ESPN's scoreboard names it: its id (what <c>situation.possession</c> refers to) and abbreviation.</summary>
public sealed record ScriptedTeam(string Id, string Abbreviation);

/// <summary>
/// One game of a scripted scoreboard, in ESPN's own terms: state pre/in/post, the status name, the period
/// number (5+ is overtime), the display clock, the possessing team's id and the down and distance.
/// </summary>
public sealed record ScriptedGame(
    string EventId, DateTimeOffset Kickoff, ScriptedTeam Home, ScriptedTeam Away, int HomeScore, int AwayScore,
    string State, string StatusName, bool Completed, int Period, string DisplayClock,
    string? PossessionTeamId = null, int? Down = null, int? Distance = null)
{
    public static ScriptedGame Scheduled(string id, DateTimeOffset kickoff, ScriptedTeam home, ScriptedTeam away) =>
        new(id, kickoff, home, away, 0, 0, "pre", "STATUS_SCHEDULED", false, 0, "0:00");

    public static ScriptedGame Live(string id, DateTimeOffset kickoff, ScriptedTeam home, ScriptedTeam away, int homeScore, int awayScore,
        int period, string clock, string? possession = null, int? down = null, int? distance = null) =>
        new(id, kickoff, home, away, homeScore, awayScore, "in", "STATUS_IN_PROGRESS", false, period, clock, possession, down, distance);

    public static ScriptedGame Final(string id, DateTimeOffset kickoff, ScriptedTeam home, ScriptedTeam away, int homeScore, int awayScore, int period = 4) =>
        new(id, kickoff, home, away, homeScore, awayScore, "post", "STATUS_FINAL", true, period, "0:00");
}

/// <summary>Writes scripted games as an ESPN site.api scoreboard, with the fields and shapes of the recorded ones.</summary>
public static class EspnScoreboardBuilder
{
    public static string Build(IEnumerable<ScriptedGame> games)
    {
        var events = new JsonArray();
        foreach (var g in games) events.Add(Event(g));
        return new JsonObject { ["leagues"] = new JsonArray(), ["events"] = events }.ToJsonString();
    }

    public static string Build(params ScriptedGame[] games) => Build((IEnumerable<ScriptedGame>)games);

    private static JsonObject Event(ScriptedGame g)
    {
        var competition = new JsonObject
        {
            ["id"] = g.EventId,
            ["date"] = Date(g.Kickoff),
            ["competitors"] = new JsonArray(Competitor(g.Home, "home", g.HomeScore), Competitor(g.Away, "away", g.AwayScore)),
            ["status"] = Status(g),
        };
        if (g.State == "in")
        {
            var situation = new JsonObject { ["down"] = g.Down ?? -1, ["distance"] = g.Distance ?? 0 };
            if (g.PossessionTeamId is not null) situation["possession"] = g.PossessionTeamId;
            competition["situation"] = situation;
        }
        return new JsonObject
        {
            ["id"] = g.EventId,
            ["date"] = Date(g.Kickoff),
            ["name"] = $"{g.Away.Abbreviation} at {g.Home.Abbreviation}",
            ["shortName"] = $"{g.Away.Abbreviation} @ {g.Home.Abbreviation}",
            ["competitions"] = new JsonArray(competition),
            ["status"] = Status(g),
        };
    }

    private static JsonObject Competitor(ScriptedTeam team, string homeAway, int score) => new()
    {
        ["id"] = team.Id,
        ["homeAway"] = homeAway,
        ["team"] = new JsonObject { ["id"] = team.Id, ["abbreviation"] = team.Abbreviation, ["displayName"] = team.Abbreviation },
        ["score"] = score.ToString(CultureInfo.InvariantCulture),
    };

    private static JsonObject Status(ScriptedGame g)
    {
        var parts = g.DisplayClock.Split(':');
        var seconds = parts.Length == 2 && int.TryParse(parts[0], out var m) && int.TryParse(parts[1], out var s) ? m * 60 + s : 0;
        return new JsonObject
        {
            ["clock"] = (double)seconds,
            ["displayClock"] = g.DisplayClock,
            ["period"] = g.Period,
            ["type"] = new JsonObject
            {
                ["name"] = g.StatusName,
                ["state"] = g.State,
                ["completed"] = g.Completed,
            },
        };
    }

    private static string Date(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
}
