using System.Globalization;
using Precog.Domain.Models.Elo;

namespace Precog.Domain.Tests.Models;

/// <summary>The real 1920-2021 NFL games of ../shared/data, read once for the tests that replay them.</summary>
public static class Nfl538File
{
    public sealed record Row(EloGame Game, double EloProb1);

    private static readonly Lazy<IReadOnlyList<Row>> GamesOnce = new(() =>
        File.ReadLines(SharedData.Path("data", "nfl_games_538.csv")).Skip(1).Select(line =>
        {
            var f = line.Split(',');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            var game = new EloGame(DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture),
                f[2] == "1", f[4], f[5], int.Parse(f[9], CultureInfo.InvariantCulture), int.Parse(f[10], CultureInfo.InvariantCulture), D(11), D(6), D(7));
            return new Row(game, D(8));
        }).ToList());

    private static readonly Lazy<IReadOnlyDictionary<string, double>> RatingsOnce = new(() =>
        File.ReadLines(SharedData.Path("data", "nfl_initial_elos_538.csv")).Skip(1)
            .Select(l => l.Split(','))
            .ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture)));

    public static IReadOnlyList<Row> Games => GamesOnce.Value;
    public static IReadOnlyDictionary<string, double> StartingRatings => RatingsOnce.Value;
}
