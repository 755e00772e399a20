using System.Text.Json;
using Precog.Cli;
using Precog.Tests;

namespace Precog.Host.Tests;

/// <summary>A strategy version deprecated while the day trades opens no position afterwards; the other version goes on trading.</summary>
public sealed class StrategyStatusTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("precog-strategy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_version_deprecated_during_the_day_opens_no_new_position_after_it()
    {
        var data = Path.Combine(_dir, "data");
        // three games 30 minutes apart on a clock 1000 times the wall's: the later games trade after the deprecation
        await using var node = NodeProcess.Start("--data-dir", data, "--games", "3", "--seed", "3", "--speed", "1000", "--keep-up");
        try
        {
            await node.WaitForLineAsync("Admin API listening on", TimeSpan.FromSeconds(60));
            await Eventually.Holds(() => Task.FromResult(Positions(data).Count > 0), TimeSpan.FromSeconds(60));

            var deprecated = Cli("strategy", "deprecate", "nfl_value", "v1.0", "--json", "--data-dir", data);
            Assert.Equal((0, ""), (deprecated.Code, deprecated.Err));
            var since = JsonDocument.Parse(deprecated.Out).RootElement.GetProperty("since").GetDateTimeOffset();
            Assert.Equal("deprecated", JsonDocument.Parse(deprecated.Out).RootElement.GetProperty("status").GetString());

            await node.WaitForLineAsync("Game day over", TimeSpan.FromSeconds(90));
            var positions = Positions(data);
            Assert.DoesNotContain(positions, p => p.Strategy == "nfl_value v1.0" && p.OpenedAt > since);
            Assert.Contains(positions, p => p.Strategy == "nfl_value v1.1" && p.OpenedAt > since); // trading went on without it
            var refused = Cli("strategy", "activate", "nfl_value", "v1.0", "--data-dir", data);
            Assert.Equal(1, refused.Code); // deprecated is for good
            Assert.Contains("cannot go from deprecated to active", refused.Err);
        }
        finally
        {
            node.Terminate();
            await node.ExitCodeAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static List<(string Strategy, DateTimeOffset OpenedAt)> Positions(string data)
    {
        var run = Cli("positions", "--json", "--data-dir", data);
        if (run.Code != 0) return [];
        return JsonDocument.Parse(run.Out).RootElement.EnumerateArray()
            .Select(p => (p.GetProperty("strategy").GetString()!, p.GetProperty("opened_at").GetDateTimeOffset())).ToList();
    }

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = PrecogCli.Run(args, stdout, stderr, new CliTerminal(Interactive: false));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
