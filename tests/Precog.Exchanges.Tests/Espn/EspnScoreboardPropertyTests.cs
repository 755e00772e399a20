using FsCheck;
using FsCheck.Fluent;
using Precog.Domain.Games;
using Precog.Exchanges.Espn;
using Precog.Testing.FakeFeeds;

namespace Precog.Exchanges.Tests.Espn;

public class EspnScoreboardPropertyTests
{
    private static readonly DateTimeOffset At = new(2025, 12, 7, 19, 0, 0, TimeSpan.Zero);

    // ESPN's spellings with the team ids it uses, and the code Precog gives each
    private static readonly (string Id, string Espn, string Ours)[] Teams =
    [
        ("1", "ATL", "ATL"), ("2", "BUF", "BUF"), ("12", "KC", "KC"), ("14", "LAR", "LAR"), ("28", "WSH", "WAS"),
        ("30", "JAX", "JAX"), ("26", "SEA", "SEA"), ("9", "GB", "GB"), ("18", "NO", "NO"), ("24", "LAC", "LAC"),
    ];

    private static readonly Gen<ScriptedGame> Games =
        from teams in Gen.Shuffle(Teams)
        from id in Gen.Choose(400_000_000, 499_999_999)
        from minutes in Gen.Choose(0, 60 * 24 * 14)
        from state in Gen.Elements("pre", "in", "halftime", "post")
        from homeScore in Gen.Choose(0, 70)
        from awayScore in Gen.Choose(0, 70)
        from period in Gen.Choose(1, 6)
        from clockSeconds in Gen.Choose(0, 900)
        from possession in Gen.Elements(0, 1, 2)
        from down in Gen.Choose(-1, 4)
        from distance in Gen.Choose(0, 99)
        let home = new ScriptedTeam(teams[0].Id, teams[0].Espn)
        let away = new ScriptedTeam(teams[1].Id, teams[1].Espn)
        let kickoff = new DateTimeOffset(2025, 9, 4, 0, 0, 0, TimeSpan.Zero).AddMinutes(minutes)
        let clock = $"{clockSeconds / 60}:{clockSeconds % 60:00}"
        let eventId = id.ToString(System.Globalization.CultureInfo.InvariantCulture)
        select state switch
        {
            "pre" => ScriptedGame.Scheduled(eventId, kickoff, home, away),
            "halftime" => ScriptedGame.Live(eventId, kickoff, home, away, homeScore, awayScore, 2, "0:00") with { StatusName = "STATUS_HALFTIME" },
            "post" => ScriptedGame.Final(eventId, kickoff, home, away, homeScore, awayScore, Math.Max(4, period)),
            _ => ScriptedGame.Live(eventId, kickoff, home, away, homeScore, awayScore, period, clock,
                possession switch { 0 => null, 1 => home.Id, _ => away.Id }, down, distance),
        };

    /// <summary>What Precog must read from a game written in ESPN's terms (the mapping, stated independently of the parser).</summary>
    private static GameStateChanged Expected(ScriptedGame g)
    {
        string Ours(ScriptedTeam t) => Teams.Single(x => x.Id == t.Id).Ours;
        string Period(int p) => p <= 4 ? $"Q{p}" : "OT";
        var seconds = int.Parse(g.DisplayClock.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture) * 60
            + int.Parse(g.DisplayClock.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        var state = new GameStateChanged("nfl", g.EventId, Ours(g.Home), Ours(g.Away), g.HomeScore, g.AwayScore,
            "Q1", "15:00", null, null, null, GameStatus.Scheduled, At);
        return (g.State, g.StatusName) switch
        {
            ("pre", _) => state,
            ("in", "STATUS_HALFTIME") => state with { Period = "HT", Clock = "00:00", Status = GameStatus.Halftime },
            ("post", _) => state with { Period = Period(g.Period), Clock = "00:00", Status = GameStatus.Final },
            _ => state with
            {
                Period = Period(g.Period), Clock = $"{seconds / 60:00}:{seconds % 60:00}", Status = GameStatus.Live,
                Possession = g.PossessionTeamId is null ? null : g.PossessionTeamId == g.Home.Id ? Ours(g.Home) : Ours(g.Away),
                Down = g.Down > 0 ? g.Down : null, Distance = g.Down > 0 ? g.Distance : null,
            },
        };
    }

    [Fact]
    public void Any_scoreboard_written_in_ESPNs_shape_reads_back_as_the_games_it_holds()
    {
        var boards = Gen.ListOf(Games).Select(l => l.DistinctBy(g => g.EventId).ToList());

        Prop.ForAll(boards.ToArbitrary(), games =>
        {
            var board = EspnScoreboardParser.Parse(EspnScoreboardBuilder.Build(games), EspnLeague.Nfl, At);
            return board.Errors.Count == 0
                && board.Games.Select(g => g.State).SequenceEqual(games.Select(Expected))
                && board.Games.Select(g => g.Kickoff).SequenceEqual(games.Select(g => g.Kickoff));
        }).QuickCheckThrowOnFailure();
    }
}
