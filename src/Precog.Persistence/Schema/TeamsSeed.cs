using System.Data.Common;
using System.Globalization;

namespace Precog.Persistence.Schema;

/// <summary>
/// Seeds `teams` from a CSV in the format of nfl_teams_initial_elo.csv (team_code, team_name, conference,
/// division, initial_elo). The data is read where it lives, never copied into the repository. Only
/// missing teams are inserted, so the seed may run on every migrate.
/// </summary>
public static class TeamsSeed
{
    public const string Header = "team_code,team_name,conference,division,initial_elo";

    /// <summary>Where the teams file lives beside a checkout: ../shared/data/ next to the repository.</summary>
    public static readonly string[] SharedPath = ["..", "shared", "data", "nfl_teams_initial_elo.csv"];

    /// <summary>
    /// The shared teams file of the repository that <paramref name="startDirectories"/> lie in (the first
    /// folder above one of them holding Precog.sln), or null when there is no such checkout or no such file.
    /// </summary>
    public static string? DefaultFile(params string[] startDirectories)
    {
        foreach (var start in startDirectories)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "Precog.sln"))) continue;
                var file = Path.GetFullPath(Path.Combine([dir.FullName, .. SharedPath]));
                if (File.Exists(file)) return file;
                break;
            }
        }
        return null;
    }

    public static async Task<(int Seeded, string? Warning)> ApplyAsync(DbConnection connection, DatabaseProvider provider, string? csvPath, CancellationToken ct)
    {
        if (csvPath is null) return (0, null);
        if (!File.Exists(csvPath))
            return (0, $"teams not seeded: '{csvPath}' does not exist");

        var teams = Read(csvPath);
        var seeded = 0;
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var (code, name, conference, division, elo) in teams)
        {
            // SQLite keeps decimals as canonical text; PostgreSQL takes the decimal itself
            object eloValue = provider == DatabaseProvider.Sqlite ? SqliteText.Decimal(elo) : elo;
            seeded += await MigrationRunner.ExecuteAsync(connection, tx,
                "INSERT INTO teams (team_code, team_name, sport, conference, division, initial_elo, current_elo) " +
                "VALUES (@code, @name, 'nfl', @conference, @division, @elo, @elo) ON CONFLICT (team_code) DO NOTHING", ct,
                ("code", code), ("name", name), ("conference", conference), ("division", division), ("elo", eloValue));
        }
        await tx.CommitAsync(ct);
        return (seeded, null);
    }

    /// <summary>The teams of a CSV in the format of nfl_teams_initial_elo.csv; a malformed row is refused with its line number.</summary>
    public static List<(string Code, string Name, string Conference, string Division, decimal Elo)> Read(string path)
    {
        using var reader = new StreamReader(path);
        if (reader.ReadLine()?.Trim() != Header)
            throw new MigrationException($"{path}:1: expected the header '{Header}'");
        var teams = new List<(string, string, string, string, decimal)>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            var f = text.Split(',');
            if (f.Length != 5)
                throw new MigrationException($"{path}:{line}: {f.Length} columns, expected 5");
            // teams.initial_elo is DECIMAL(10,4): refuse what PostgreSQL would round or overflow
            if (!decimal.TryParse(f[4], NumberStyles.Number, CultureInfo.InvariantCulture, out var elo) || elo <= 0 || elo >= 1_000_000m || decimal.Round(elo, 4) != elo)
                throw new MigrationException($"{path}:{line}: initial_elo '{f[4]}' is not a positive number below 1000000 with at most 4 decimals");
            teams.Add((f[0], f[1], f[2], f[3], elo));
        }
        return teams;
    }
}
