using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Precog.Domain.Models;
using Precog.Domain.Models.Elo;
using Spectre.Console;

namespace Precog.Cli;

/// <summary>
/// `precog elo replay`: runs the FiveThirtyEight NFL Elo model over a games CSV and writes one forecast
/// per input row, in the same order, then a summary (games, Brier score, log loss).
/// </summary>
public static class EloReplayCommand
{
    public const string OutputHeader = "date,season,team1,team2,prob1,elo1_pre,elo2_pre";
    public const string DefaultRatingsFile = "nfl_initial_elos_538.csv";

    public static Command Build(CliConsole console)
    {
        var games = new Option<string>("--games") { Description = "Games CSV in the format of nfl_games_538.csv", Required = true };
        var output = new Option<string>("--out") { Description = "CSV to write the forecasts to", Required = true };
        var ratings = new Option<string?>("--initial-elos") { Description = $"Starting ratings CSV (team,elo); default: {DefaultRatingsFile} beside the games file" };
        var anchor = new Option<string>("--anchor")
        {
            Description = "published: forecast from each row's published elo1/elo2 where given (reproduces elo_prob1); chain: the model's own ratings from the starting ones",
            DefaultValueFactory = _ => "published",
        };
        anchor.AcceptOnlyFromAmong("published", "chain");

        var command = new Command("replay", "Replay the FiveThirtyEight NFL Elo model over a games CSV") { games, output, ratings, anchor };
        command.SetAction(r =>
        {
            var gamesPath = r.GetValue(games)!;
            var ratingsPath = r.GetValue(ratings) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(gamesPath)) ?? ".", DefaultRatingsFile);
            var mode = r.GetValue(anchor) == "chain" ? EloAnchoring.Chain : EloAnchoring.Published;
            var summary = Replay(console, gamesPath, ratingsPath, r.GetValue(output)!, mode);
            WriteSummary(console, summary);
            return PrecogCli.Ok;
        });
        return command;
    }

    /// <summary>
    /// What a replay found: the forecasts' scores, the largest gap to the file's own elo_prob1, and the
    /// largest gap between a rating the model carried into a game and the one the file published for it.
    /// </summary>
    public sealed record ReplaySummary(int Games, ForecastScore Score, double? MaxGapTo538, double? MaxRatingGap, EloAnchoring Anchoring, TimeSpan Elapsed);

    public static ReplaySummary Replay(CliConsole console, string gamesPath, string ratingsPath, string outputPath, EloAnchoring anchoring)
    {
        var clock = Stopwatch.StartNew();
        var rows = GamesCsv.ReadGames(gamesPath).ToList(); // read whole first: a malformed row writes nothing
        var starting = GamesCsv.ReadRatings(ratingsPath);
        var dir = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (dir is not null && !Directory.Exists(dir))
            throw new CliInputException($"folder '{dir}' for --out does not exist");

        var temp = outputPath + ".tmp";
        Tally tally;
        try
        {
            using (var writer = new StreamWriter(temp) { NewLine = "\n" })
                tally = WithProgress(console, rows.Count, progress => Write(writer, rows, starting, anchoring, progress, gamesPath, ratingsPath));
            File.Move(temp, outputPath, overwrite: true);
        }
        catch
        {
            File.Delete(temp); // nothing half-written is left behind
            throw;
        }
        return new ReplaySummary(rows.Count, ForecastScore.Of(tally.Played), tally.MaxGap, tally.MaxRatingGap, anchoring, clock.Elapsed);
    }

    private sealed record Tally(List<(double Probability, double Outcome)> Played, double? MaxGap, double? MaxRatingGap);

    private static Tally Write(TextWriter writer, IReadOnlyList<GameRow> rows, IReadOnlyDictionary<string, double> starting,
        EloAnchoring anchoring, Action<int> progress, string gamesPath, string ratingsPath)
    {
        var played = new List<(double, double)>(rows.Count);
        double? maxGap = null, maxRatingGap = null;
        var i = 0; // forecasts written so far: the replay fails, if it does, on rows[i]
        writer.WriteLine(OutputHeader);
        try
        {
            foreach (var f in EloReplay.Run(rows.Select(x => x.Game), starting, EloConfig.Nfl538, anchoring))
            {
                var g = f.Game;
                writer.WriteLine(string.Join(',', g.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    g.Season.ToString(CultureInfo.InvariantCulture), g.Team1, g.Team2, R(f.Probability1), R(f.Elo1Before), R(f.Elo2Before)));
                if (g.Played) played.Add((f.Probability1, g.Result1!.Value));
                if (rows[i].Elo538Probability1 is { } p538)
                    maxGap = Math.Max(maxGap ?? 0, Math.Abs(p538 - f.Probability1));
                if (g.PublishedElo1 is { } e1 && g.PublishedElo2 is { } e2)
                    maxRatingGap = Math.Max(maxRatingGap ?? 0, Math.Max(Math.Abs(e1 - f.Elo1Carried), Math.Abs(e2 - f.Elo2Carried)));
                if (++i % 500 == 0) progress(i);
            }
        }
        catch (UnknownTeamException e)
        {
            throw new CliInputException($"{gamesPath}:{rows[i].Line}: {e.Message} in {ratingsPath}");
        }
        progress(i);
        return new Tally(played, maxGap, maxRatingGap);
    }

    /// <summary>Runs <paramref name="work"/> under a progress bar on a terminal, plainly elsewhere.</summary>
    private static T WithProgress<T>(CliConsole console, int total, Func<Action<int>, T> work)
    {
        if (!console.Terminal.Interactive)
            return work(_ => { });
        T result = default!;
        CliRendering.ConsoleFor(console).Progress().Start(ctx =>
        {
            var task = ctx.AddTask("replaying games", maxValue: total);
            result = work(done => task.Value = done);
        });
        return result;
    }

    private static void WriteSummary(CliConsole console, ReplaySummary s)
    {
        var o = console.Out;
        o.WriteLine($"games: {s.Games} (ratings: {(s.Anchoring == EloAnchoring.Published ? "published where given" : "model chain")})");
        o.WriteLine($"played: {s.Score.Count}");
        o.WriteLine($"brier: {s.Score.Brier.ToString("0.000000", CultureInfo.InvariantCulture)}");
        o.WriteLine($"log loss: {s.Score.LogLoss.ToString("0.000000", CultureInfo.InvariantCulture)}");
        if (s.MaxGapTo538 is { } gap)
            o.WriteLine($"max |prob1 - elo_prob1|: {gap.ToString("E3", CultureInfo.InvariantCulture)}");
        if (s.MaxRatingGap is { } ratingGap)
            o.WriteLine($"max |carried - published rating|: {ratingGap.ToString("0.000000", CultureInfo.InvariantCulture)}");
        o.WriteLine($"elapsed: {s.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s");
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
