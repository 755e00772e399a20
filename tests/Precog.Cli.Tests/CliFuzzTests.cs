using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Precog.Cli.Tests;

/// <summary>
/// Issue 11, bad input: seeded mutations of working command lines of every offline verb (a value replaced by garbage,
/// SQL injection and path tricks among it; an argument dropped, repeated or cut off; an unknown option). Each run ends
/// in exit code 0, or exit code 2 (bad input) or 1 (a file the system would not read or write) with one line on stderr
/// naming what was wrong; never an "unexpected" failure, an exception out of the command line, or a hang. The database the db verbs were given keeps its tables.
/// </summary>
public sealed class CliFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int MutationsPerVerb = 150;
    private readonly string _dir = Directory.CreateTempSubdirectory("precog-cli-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Garbage =
    [
        "", " ", "-1", "0", "1.5", "NaN", "1e400", "99999999999999999999", "abc", "--", "-", "2020-02-30", "yes,no",
        "x' OR '1'='1", "1; DROP TABLE positions; --", "Data Source=/nonexistent/dir/x.db", "Host=127.0.0.1;Port=1;Database=x'; DROP DATABASE precog; --",
        "../../../../nonexistent-dir/passwd", "/proc/version", "\u0000", "ÿ\u202e", new string('9', 3000),
    ];

    /// <summary>Working command lines: the tokens after the verb path, and which of them are values (mutated more often).</summary>
    private List<string[]> Verbs()
    {
        var games = Path.Combine(_dir, "games.csv");
        File.WriteAllLines(games, File.ReadLines(Precog.Tests.SharedData.Path("data", "nfl_games_538.csv")).Take(120)); // the 1920 season's first games
        var db = Path.Combine(_dir, "fuzz.db");
        Assert.Equal(0, CliRun.Precog("db", "migrate", "--db", db).ExitCode);
        return
        [
            ["whatif", "--side", "yes", "--entry", "0.60", "--qty", "100", "--marks", "0.64,0.66,0.72", "--edge", "0.05", "--confidence", "high"],
            ["tape", "from-538", "--games", games, "--out", Path.Combine(_dir, "t.tape"), "--season", "1920", "--noise", "0.05", "--bias", "0", "--seed", "3"],
            ["elo", "replay", "--games", games, "--out", Path.Combine(_dir, "elo.csv")],
            ["backtest", "--tape", Path.Combine(_dir, "none.tape"), "--strategy", "nfl_value:v1.0", "--report", Path.Combine(_dir, "report"), "--seed", "3",
                "--model", "nfl_elo_ingame:v1.0", "--ab", "side-by-side", "--from", "2020-09-01", "--to", "2020-12-31"],
            ["db", "migrate", "--db", db, "--json"],
            ["db", "project", "--db", db, "--batch-size", "100", "--json"],
        ];
    }

    private static string[] Mutate(string[] args, Random r, out string what)
    {
        var list = args.ToList();
        var first = list[0] is "tape" or "elo" or "db" ? 2 : 1; // the verb's own words stay
        var at = r.Next(first, list.Count);
        switch (r.Next(6))
        {
            case 0:
                what = $"'{list[at]}' dropped";
                list.RemoveAt(at);
                break;
            case 1 when list[at].StartsWith("--", StringComparison.Ordinal) && at + 1 < list.Count:
                what = $"{list[at]} {list[at + 1]} repeated";
                list.AddRange([list[at], list[at + 1]]);
                break;
            case 2:
                what = "--bogus added";
                list.Insert(at, "--bogus");
                break;
            case 3:
                what = $"cut after '{list[at - 1]}'";
                list = list[..at];
                break;
            default:
                var value = at + 1 < list.Count && list[at].StartsWith("--", StringComparison.Ordinal) ? at + 1 : at;
                var garbage = Garbage[r.Next(Garbage.Length)];
                what = $"'{list[value]}' -> '{(garbage.Length > 40 ? garbage[..40] + "…" : garbage)}'";
                list[value] = garbage;
                break;
        }
        return [.. list];
    }

    [Fact]
    public async Task Mutated_command_lines_end_in_success_or_one_line_naming_the_bad_input()
    {
        var random = new Random(5501);
        var (ok, refused) = (0, 0);
        var failures = new List<string>();
        var verbs = Verbs();
        foreach (var args in verbs)
        {
            for (var i = 0; i < MutationsPerVerb; i++)
            {
                var mutated = Mutate(args, random, out var what);
                var run = Task.Run(() => CliRun.Precog(mutated));
                if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))) != run)
                {
                    failures.Add($"{args[0]}: {what}: no answer within 60 s");
                    continue;
                }
                CliResult result;
                try
                {
                    result = await run;
                }
                catch (Exception e)
                {
                    failures.Add($"{args[0]}: {what}: {e.GetType().Name} escaped: {e.Message}");
                    continue;
                }
                if (result.ExitCode == 0) ok++;
                // 2: bad input; 1: the system refused (a path that cannot be written); either way one line, never "unexpected"
                else if (result.ExitCode is 1 or 2 && result.ErrLines is [var line] && line.StartsWith("precog: ", StringComparison.Ordinal)
                         && !line.Contains("unexpected", StringComparison.Ordinal)) refused++;
                else failures.Add($"{args[0]}: {what}: exit {result.ExitCode}: {result.Err.Trim()}");
            }
        }
        output.WriteLine($"{verbs.Count * MutationsPerVerb} mutated command lines: {ok} ran, {refused} refused in one line");
        Assert.True(failures.Count == 0, $"{failures.Count} runs failed otherwise:\n{string.Join('\n', failures.Take(25))}");

        // the database the db verbs were given (injection strings among their --db values) keeps every table
        await using var c = new SqliteConnection($"Data Source={Path.Combine(_dir, "fuzz.db")}");
        await c.OpenAsync();
        await using var q = c.CreateCommand();
        q.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('positions', 'trades', 'markets', 'teams')";
        Assert.Equal(4L, (long)(await q.ExecuteScalarAsync())!);
    }
}
