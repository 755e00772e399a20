using System.Globalization;
using System.Text.Json;
using Precog.Domain.Games;

namespace Precog.Exchanges.Espn;

/// <summary>
/// Reads ESPN's site.api scoreboard (PROTOCOLS.md §5.2) into game states. Each event is read on its own: a
/// malformed or out-of-range field refuses that event with the field and event id named, and the others are
/// still read. NFL teams get Precog's codes (<see cref="NflTeamCodes"/>); other leagues keep ESPN's.
/// Periods are written as the models read them: Q1-Q4, OT (any overtime), HT; the clock as MM:SS left.
/// A game not yet started stands at Q1 with a full period left.
/// </summary>
public static class EspnScoreboardParser
{
    private const int MaxScore = 999;

    public static EspnScoreboard Parse(string json, EspnLeague league, DateTimeOffset at)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new EspnScoreboardException($"ESPN scoreboard is not JSON: {e.Message}", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
                throw new EspnScoreboardException("ESPN scoreboard has no events array");
            var games = new List<EspnGame>();
            var errors = new List<EspnEventError>();
            foreach (var e in events.EnumerateArray())
            {
                try
                {
                    games.Add(ReadEvent(e, league, at));
                }
                catch (EspnFieldException x)
                {
                    errors.Add(new EspnEventError(x.EventId, x.Field, x.Problem));
                }
            }
            return new EspnScoreboard(games, errors);
        }
    }

    private static EspnGame ReadEvent(JsonElement e, EspnLeague league, DateTimeOffset at)
    {
        var id = e.ValueKind == JsonValueKind.Object && e.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.String
            && idEl.GetString() is { Length: > 0 } s ? s : null;
        var r = new Fields(id);
        if (id is null) throw r.Fail("id", "is missing or not a string");

        var kickoff = ParseKickoff(r, r.String(e, "date", "date"));
        var competition = r.Element(e, "competitions", "competitions", JsonValueKind.Array);
        if (competition.GetArrayLength() == 0) throw r.Fail("competitions", "is empty");
        var c = competition[0];
        var (home, homeId, homeScore) = Competitor(r, c, "home", league);
        var (away, awayId, awayScore) = Competitor(r, c, "away", league);

        var status = c.TryGetProperty("status", out var cs) ? cs : r.Element(e, "status", "status", JsonValueKind.Object);
        const string sp = "competitions[0].status";
        var type = r.Element(status, "type", $"{sp}.type", JsonValueKind.Object);
        var state = r.String(type, "state", $"{sp}.type.state");
        var name = type.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() ?? "" : "";
        var completed = type.TryGetProperty("completed", out var done) && done.ValueKind == JsonValueKind.True;
        var period = r.Int(status, "period", $"{sp}.period", 0, 20);
        var clock = ParseClock(r, status, $"{sp}.displayClock", league);

        string periodText, clockText;
        GameStatus gameStatus;
        string? possession = null;
        int? down = null, distance = null;
        switch (state)
        {
            case "pre":
                (gameStatus, periodText, clockText) = (GameStatus.Scheduled, "Q1", Mmss(league.PeriodLength));
                break;
            case "in" when name == "STATUS_HALFTIME":
                (gameStatus, periodText, clockText) = (GameStatus.Halftime, "HT", "00:00");
                break;
            case "in":
                if (period == 0) throw r.Fail($"{sp}.period", "is 0 while the game is in progress");
                (gameStatus, periodText, clockText) = (GameStatus.Live, PeriodName(period), Mmss(clock));
                if (c.TryGetProperty("situation", out var situation) && situation.ValueKind == JsonValueKind.Object)
                    (possession, down, distance) = Situation(r, situation, (home, homeId), (away, awayId));
                break;
            case "post" when completed:
                if (period == 0) throw r.Fail($"{sp}.period", "is 0 for a finished game");
                (gameStatus, periodText, clockText) = (GameStatus.Final, PeriodName(period), "00:00");
                break;
            case "post":
                throw r.Fail($"{sp}.type.name", $"'{name}': the game ended without being completed (postponed or canceled), which Precog has no state for");
            default:
                throw r.Fail($"{sp}.type.state", $"'{state}' is not pre, in or post");
        }

        var game = new GameStateChanged(league.Name, id, home, away, homeScore, awayScore, periodText, clockText,
            possession, down, distance, gameStatus, at);
        return new EspnGame(game, kickoff);
    }

    private static (string Code, string TeamId, int Score) Competitor(Fields r, JsonElement c, string side, EspnLeague league)
    {
        var all = r.Element(c, "competitors", "competitions[0].competitors", JsonValueKind.Array);
        var matching = all.EnumerateArray()
            .Where(x => x.ValueKind == JsonValueKind.Object && x.TryGetProperty("homeAway", out var h) && h.ValueKind == JsonValueKind.String && h.GetString() == side)
            .ToList();
        var path = $"competitions[0].competitors[{side}]";
        if (matching.Count != 1) throw r.Fail(path, matching.Count == 0 ? "is missing" : "appears more than once");
        var x = matching[0];
        var team = r.Element(x, "team", $"{path}.team", JsonValueKind.Object);
        var abbreviation = r.String(team, "abbreviation", $"{path}.team.abbreviation");
        var teamId = r.String(team, "id", $"{path}.team.id");
        var code = abbreviation;
        if (league.IsNfl)
            code = NflTeamCodes.FromEspn(abbreviation) ?? throw r.Fail($"{path}.team.abbreviation", $"'{abbreviation}' is not an NFL team");
        var scoreText = r.String(x, "score", $"{path}.score");
        if (!int.TryParse(scoreText, NumberStyles.None, CultureInfo.InvariantCulture, out var score))
            throw r.Fail($"{path}.score", $"'{scoreText}' is not a whole number");
        if (score > MaxScore) throw r.Fail($"{path}.score", $"{score} is out of range [0, {MaxScore}]");
        return (code, teamId, score);
    }

    private static (string? Possession, int? Down, int? Distance) Situation(
        Fields r, JsonElement s, (string Code, string Id) home, (string Code, string Id) away)
    {
        const string sp = "competitions[0].situation";
        string? possession = null;
        if (s.TryGetProperty("possession", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            var teamId = p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            possession = teamId == home.Id ? home.Code
                : teamId == away.Id ? away.Code
                : throw r.Fail($"{sp}.possession", $"'{p}' is neither team of the game ({home.Id}, {away.Id})");
        }
        // between plays ESPN writes down -1 and distance 0: no down is in progress
        int? down = s.TryGetProperty("down", out var d) && d.ValueKind != JsonValueKind.Null ? r.Int(s, "down", $"{sp}.down", int.MinValue, 4) : null;
        if (down is null or <= 0) return (possession, null, null);
        int? distance = s.TryGetProperty("distance", out var ds) && ds.ValueKind != JsonValueKind.Null ? r.Int(s, "distance", $"{sp}.distance", 0, 100) : null;
        return (possession, down, distance);
    }

    private static DateTimeOffset ParseKickoff(Fields r, string text)
    {
        string[] formats = ["yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];
        return DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw r.Fail("date", $"'{text}' is not a UTC time (yyyy-MM-ddTHH:mmZ)");
    }

    private static TimeSpan ParseClock(Fields r, JsonElement status, string field, EspnLeague league)
    {
        if (!status.TryGetProperty("displayClock", out var el) || el.ValueKind != JsonValueKind.String)
            throw r.Fail(field, "is missing or not a string");
        var text = el.GetString()!;
        var parts = text.Split(':');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sec)
            || parts[1].Length != 2 || sec >= 60)
        {
            // ESPN shows the last seconds of a period with tenths ("0.4" in basketball): below a minute
            if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds < 60)
                return TimeSpan.FromSeconds((double)decimal.Floor(seconds));
            throw r.Fail(field, $"'{text}' is not M:SS");
        }
        var clock = new TimeSpan(0, m, sec);
        return clock <= league.PeriodLength ? clock : throw r.Fail(field, $"'{text}' is longer than a {league.Name} period ({Mmss(league.PeriodLength)})");
    }

    private static string PeriodName(int period) => period <= 4 ? $"Q{period}" : "OT";

    private static string Mmss(TimeSpan t) => $"{(int)t.TotalMinutes:00}:{t.Seconds:00}";

    /// <summary>Reads required fields of one event, failing with the event id and the field's path.</summary>
    private readonly struct Fields(string? eventId)
    {
        public EspnFieldException Fail(string field, string problem) => new(eventId, field, problem);

        public JsonElement Element(JsonElement parent, string name, string path, JsonValueKind kind) =>
            parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == kind
                ? v
                : throw Fail(path, $"is missing or not {(kind == JsonValueKind.Array ? "an array" : "an object")}");

        public string String(JsonElement parent, string name, string path) =>
            parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()!
                : throw Fail(path, "is missing or not a string");

        public int Int(JsonElement parent, string name, string path, int min, int max)
        {
            if (!parent.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number)
                throw Fail(path, "is missing or not a number");
            if (!v.TryGetInt32(out var i)) throw Fail(path, $"{v.GetRawText()} is not a whole number");
            return i >= min && i <= max ? i : throw Fail(path, $"{i} is out of range [{(min == int.MinValue ? "-" : min)}, {max}]");
        }
    }
}
