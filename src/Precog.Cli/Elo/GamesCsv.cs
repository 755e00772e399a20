using System.Globalization;
using Precog.Domain.Models.Elo;

namespace Precog.Cli;

/// <summary>A games row as read, with the file's own elo_prob1 for comparison.</summary>
public sealed record GameRow(int Line, EloGame Game, double? Elo538Probability1);

/// <summary>
/// Reads games CSVs in the format of FiveThirtyEight's nfl_games.csv and starting-rating CSVs
/// (team,elo). Every malformed row is refused with the file and line named.
/// </summary>
public static class GamesCsv
{
    public static readonly string[] GamesHeader =
        ["date", "season", "neutral", "playoff", "team1", "team2", "elo1", "elo2", "elo_prob1", "score1", "score2", "result1"];

    public static IEnumerable<GameRow> ReadGames(string path)
    {
        using var reader = Open(path);
        CheckHeader(path, reader.ReadLine(), GamesHeader);
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            yield return ParseGame(path, line, text);
        }
    }

    public static IReadOnlyDictionary<string, double> ReadRatings(string path)
    {
        using var reader = Open(path);
        CheckHeader(path, reader.ReadLine(), ["team", "elo"]);
        var ratings = new Dictionary<string, double>(StringComparer.Ordinal);
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            var f = Fields(path, line, text, 2);
            var team = Required(path, line, "team", f[0]);
            if (!ratings.TryAdd(team, Number(path, line, "elo", f[1])))
                throw new CliInputException($"{path}:{line}: team '{team}' has a second rating");
        }
        return ratings;
    }

    private static GameRow ParseGame(string path, int line, string text)
    {
        var f = Fields(path, line, text, GamesHeader.Length);
        if (!DateOnly.TryParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw new CliInputException($"{path}:{line}: date '{f[0]}' is not YYYY-MM-DD");
        var season = Whole(path, line, "season", f[1]);
        var neutral = Flag(path, line, "neutral", f[2]);
        var score1 = OptionalWhole(path, line, "score1", f[9]);
        var score2 = OptionalWhole(path, line, "score2", f[10]);
        double? result1 = f[11].Length == 0 ? null : Number(path, line, "result1", f[11]);
        if (result1 is { } r && r is not (0.0 or 0.5 or 1.0))
            throw new CliInputException($"{path}:{line}: result1 '{f[11]}' is not 0, 0.5 or 1");
        if ((score1 is null) != (result1 is null) || (score1 is null) != (score2 is null))
            throw new CliInputException($"{path}:{line}: scores and result1 must be all given or all empty");
        double? prob = f[8].Length == 0 ? null : Number(path, line, "elo_prob1", f[8]);
        if (prob is { } p && p is < 0 or > 1)
            throw new CliInputException($"{path}:{line}: elo_prob1 {f[8]} is outside [0, 1]");

        double? elo1 = f[6].Length == 0 ? null : Number(path, line, "elo1", f[6]);
        double? elo2 = f[7].Length == 0 ? null : Number(path, line, "elo2", f[7]);
        var game = new EloGame(date, season, neutral, Required(path, line, "team1", f[4]), Required(path, line, "team2", f[5]),
            score1, score2, result1, elo1, elo2);
        return new GameRow(line, game, prob);
    }

    private static StreamReader Open(string path)
    {
        if (!File.Exists(path))
            throw new CliInputException($"file '{path}' does not exist");
        return new StreamReader(path);
    }

    private static void CheckHeader(string path, string? header, string[] expected)
    {
        if (header is null)
            throw new CliInputException($"{path}: the file is empty (expected the header {string.Join(',', expected)})");
        var names = header.Trim().Split(',');
        if (!names.SequenceEqual(expected))
            throw new CliInputException($"{path}:1: header is '{header.Trim()}', expected '{string.Join(',', expected)}'");
    }

    private static string[] Fields(string path, int line, string text, int count)
    {
        var f = text.TrimEnd('\r').Split(',');
        if (f.Length != count)
            throw new CliInputException($"{path}:{line}: {f.Length} columns, expected {count}");
        return f;
    }

    private static string Required(string path, int line, string column, string value) =>
        value.Length > 0 ? value : throw new CliInputException($"{path}:{line}: {column} is empty");

    private static double Number(string path, int line, string column, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d
            : throw new CliInputException($"{path}:{line}: {column} '{value}' is not a number");

    private static int Whole(string path, int line, string column, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
            ? i
            : throw new CliInputException($"{path}:{line}: {column} '{value}' is not a whole number");

    private static int? OptionalWhole(string path, int line, string column, string value) =>
        value.Length == 0 ? null : Whole(path, line, column, value);

    private static bool Flag(string path, int line, string column, string value) => value switch
    {
        "0" => false,
        "1" => true,
        _ => throw new CliInputException($"{path}:{line}: {column} '{value}' is not 0 or 1"),
    };
}
