using Precog.Actors.Simulation;
using Precog.Backtest.Tapes;
using Precog.Cli;
using Precog.Domain.Games;

namespace Precog.Backtest.Tests.Tapes;

public sealed class FromScenarioTests
{
    private static readonly Dictionary<string, double> Ratings = new() { ["KC"] = 1700, ["BUF"] = 1650, ["NYJ"] = 1350, ["MIA"] = 1500 };

    private static string ScenarioFile(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"precog-scenario-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private const string TwoGames = """
        { "name": "two", "seed": 3, "start": "2025-12-07T18:00:00Z",
          "games": [ { "away": "BUF", "home": "KC", "kickoff_after_minutes": 5 }, { "away": "NYJ", "home": "MIA", "kickoff_after_minutes": 35 } ],
          "prices": { "noise": 0.03 } }
        """;

    [Fact]
    public void A_scenario_day_becomes_a_tape_of_its_markets_books_games_and_settlements_in_time_order()
    {
        var scenario = GameDayScenario.Load(ScenarioFile(TwoGames));
        var start = scenario.Start!.Value;

        var (header, events) = FromScenario.Convert(scenario, Ratings, start, 3, "two.json");

        var listed = events.OfType<MarketListed>().ToList();
        Assert.Equal(["KC", "MIA"], listed.Select(m => m.Ticker[(m.Ticker.LastIndexOf('-') + 1)..]));
        Assert.Equal(events.OrderBy(e => e.At).ToList(), events); // in time order, as a tape must be
        Assert.Equal((start, events[^1].At), (header.From, header.To));
        foreach (var m in listed)
        {
            var final = events.OfType<GameStateRecorded>().Last(g => g.GameId == m.GameId);
            Assert.Equal(GameStatus.Final, final.Status);
            var settled = Assert.Single(events.OfType<MarketSettled>(), s => s.Ticker == m.Ticker);
            Assert.Equal(final.HomeScore > final.AwayScore ? 1m : final.HomeScore < final.AwayScore ? 0m : 0.5m, settled.YesPayout);
            Assert.True(events.ToList().IndexOf(settled) < events.ToList().IndexOf(final), "settled before the final score is told");
            Assert.Equal((Ratings[final.Home], Ratings[final.Away]), (final.HomeElo!.Value, final.AwayElo!.Value));
            // re-quoted every tick while the game is on: four quarters of 15 s ticks
            Assert.True(events.OfType<BookSnapshotted>().Count(b => b.Ticker == m.Ticker) > 4 * 60);
        }
        Assert.All(events.OfType<BookSnapshotted>(), b => Assert.True(b.YesBids.Max(l => l.Price) + b.NoBids.Max(l => l.Price) < 1m, "a book never crosses"));
    }

    [Fact]
    public void The_same_scenario_and_seed_give_the_same_tape_and_another_seed_another_day()
    {
        var scenario = GameDayScenario.Load(ScenarioFile(TwoGames));
        var start = scenario.Start!.Value;
        static string Text(IReadOnlyList<TapeEvent> events) => string.Join('\n', events.Select(e => e is BookSnapshotted b
            ? $"{b.At:O} {b.Ticker} {string.Join(',', b.YesBids)} {string.Join(',', b.NoBids)}" : e.ToString()));

        var first = FromScenario.Convert(scenario, Ratings, start, 3, "two.json").Events;
        var again = FromScenario.Convert(scenario, Ratings, start, 3, "two.json").Events;
        var other = FromScenario.Convert(scenario, Ratings, start, 4, "two.json").Events;

        Assert.Equal(Text(first), Text(again));
        Assert.NotEqual(Text(first), Text(other));
    }

    [Fact]
    public void The_command_writes_a_readable_tape_and_refuses_a_scenario_without_a_start()
    {
        var tape = Path.Combine(Path.GetTempPath(), $"precog-scenario-{Guid.NewGuid():N}.tape");
        var stdout = new StringWriter();
        var teams = SharedData.Path("data", "nfl_teams_initial_elo.csv");
        Assert.Equal(PrecogCli.Ok, PrecogCli.Run(["tape", "from-scenario", "--scenario", ScenarioFile(TwoGames), "--teams", teams, "--out", tape], stdout, new StringWriter()));
        Assert.Contains("markets: 2", stdout.ToString());
        Assert.Equal(2, TapeReader.Read(tape).Events.OfType<MarketSettled>().Count());

        var stderr = new StringWriter();
        var code = PrecogCli.Run(["tape", "from-scenario", "--scenario", ScenarioFile("""{ "games": 2 }"""), "--teams", teams, "--out", tape], new StringWriter(), stderr);
        Assert.Equal(PrecogCli.BadInput, code);
        Assert.Contains("has no 'start' and --start is not given", stderr.ToString());
    }
}
