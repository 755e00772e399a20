using System.CommandLine;
using System.Globalization;
using Precog.Backtest.Tapes;

namespace Precog.Cli;

/// <summary>`precog tape from-538`: a tape of synthetic pregame markets on real NFL games (FiveThirtyEight's file).</summary>
public static class TapeCommand
{
    public static Command Build(CliConsole console)
    {
        var games = new Option<string>("--games") { Description = "Games CSV in the format of nfl_games_538.csv", Required = true };
        var output = new Option<string>("--out") { Description = "The tape to write (gzip JSON lines)", Required = true };
        var season = new Option<int?>("--season") { Description = "Only this season's games (538's season column); default: every game" };
        var noise = new Option<decimal>("--noise") { Description = "Standard deviation of the market's seeded deviation from 538's probability", DefaultValueFactory = _ => 0.05m };
        var bias = new Option<decimal>("--bias") { Description = "Added to 538's probability of team1 in every market", DefaultValueFactory = _ => 0m };
        var seed = new Option<int>("--seed") { Description = "Seed of the noise (same seed, same tape)", DefaultValueFactory = _ => 1 };
        var from538 = new Command("from-538", "Pregame markets priced around FiveThirtyEight's probabilities (synthetic prices, real outcomes)")
        {
            games, output, season, noise, bias, seed,
        };
        from538.SetAction(r =>
        {
            var n = r.GetValue(noise);
            if (n is < 0m or > 0.5m) throw new CliInputException($"--noise {n} is not between 0 and 0.5");
            var b = r.GetValue(bias);
            if (b is < -0.5m or > 0.5m) throw new CliInputException($"--bias {b} is not between -0.5 and 0.5");
            var path = r.GetValue(games)!;
            var rows = GamesCsv.ReadGames(path).Where(g => g.Game.Played).Select(g => ToGame(path, g)).ToList();
            var (header, events) = From538.Convert(rows, new From538Settings(n, b, r.GetValue(seed), r.GetValue(season)), path);
            var outPath = r.GetValue(output)!;
            var dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (dir is not null && !Directory.Exists(dir)) throw new CliInputException($"folder '{dir}' for --out does not exist");
            TapeWriter.Write(outPath, header, events);
            var markets = events.OfType<MarketListed>().Count();
            console.Out.WriteLine($"tape: {outPath}");
            console.Out.WriteLine($"source: {header.Source}");
            console.Out.WriteLine($"markets: {markets}, events: {events.Count}, from {header.From.ToString("u", CultureInfo.InvariantCulture)} to {header.To.ToString("u", CultureInfo.InvariantCulture)}");
            console.Out.WriteLine("prices are synthetic (538's probability with bias and seeded noise); outcomes are real");
            return PrecogCli.Ok;
        });
        return new Command("tape", "Tapes: recorded or converted inputs for a backtest") { from538, FromScenarioCommand(console) };
    }

    /// <summary>`precog tape from-scenario`: the node's scripted game day of a scenario file, played offline into a tape.</summary>
    private static Command FromScenarioCommand(CliConsole console)
    {
        var scenario = new Option<string>("--scenario") { Description = "A game-day scenario JSON file (as the node's --scenario)", Required = true };
        var output = new Option<string>("--out") { Description = "The tape to write (gzip JSON lines)", Required = true };
        var seed = new Option<int?>("--seed") { Description = "Seed of the day (default: the scenario's, else 1)" };
        var start = new Option<string?>("--start") { Description = "When the day starts, ISO 8601 UTC (default: the scenario's start; one of the two is needed)" };
        var teams = new Option<string?>("--teams") { Description = "Teams CSV (team code, elo) the day's teams are drawn from (default: ../shared/data/nfl_teams_initial_elo.csv)" };
        var command = new Command("from-scenario", "A scripted game day (simulated games and prices) as a tape") { scenario, output, seed, start, teams };
        command.SetAction(r =>
        {
            var path = r.GetValue(scenario)!;
            var script = Precog.Actors.Simulation.GameDayScenario.Load(path);
            DateTimeOffset begin;
            if (r.GetValue(start) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out begin))
                    throw new CliInputException($"--start '{text}' is not an ISO 8601 time (e.g. 2025-12-07T18:00:00Z)");
            }
            else begin = script.Start ?? throw new CliInputException($"{path} has no 'start' and --start is not given: a tape needs a fixed day");
            var teamsFile = r.GetValue(teams) ?? Persistence.Schema.TeamsSeed.DefaultFile(Environment.CurrentDirectory, AppContext.BaseDirectory)
                ?? throw new CliInputException($"the teams file ({string.Join('/', Persistence.Schema.TeamsSeed.SharedPath)}) was not found beside the repository: give --teams");
            var ratings = Persistence.Schema.TeamsSeed.Read(teamsFile).ToDictionary(t => t.Code, t => (double)t.Elo);
            var outPath = r.GetValue(output)!;
            var dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (dir is not null && !Directory.Exists(dir)) throw new CliInputException($"folder '{dir}' for --out does not exist");
            var (header, events) = FromScenario.Convert(script, ratings, begin, r.GetValue(seed) ?? script.Seed ?? 1, path);
            TapeWriter.Write(outPath, header, events);
            console.Out.WriteLine($"tape: {outPath}");
            console.Out.WriteLine($"source: {header.Source}");
            console.Out.WriteLine($"markets: {events.OfType<MarketListed>().Count()}, events: {events.Count}, from {header.From.ToString("u", CultureInfo.InvariantCulture)} to {header.To.ToString("u", CultureInfo.InvariantCulture)}");
            console.Out.WriteLine("games and prices are simulated (the node's scripted game day)");
            return PrecogCli.Ok;
        });
        return command;
    }

    /// <summary>A played row of the games CSV as the converter takes it; a row without 538's ratings is refused with its line.</summary>
    public static Game538 ToGame(string path, GameRow row)
    {
        var g = row.Game;
        if (g.PublishedElo1 is not { } e1 || g.PublishedElo2 is not { } e2 || row.Elo538Probability1 is not { } p)
            throw new CliInputException($"{path}:{row.Line}: elo1, elo2 and elo_prob1 are needed to price a market");
        return new Game538(g.Date, g.Season, g.Neutral, g.Team1, g.Team2, e1, e2, p, g.Score1!.Value, g.Score2!.Value, g.Result1!.Value);
    }
}
