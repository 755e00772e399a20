namespace Precog.Host.Tests;

public class NodeStartupTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("precog-node-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Node_starts_on_the_embedded_defaults_logs_to_its_data_folder_and_stops_cleanly()
    {
        var data = Path.Combine(_dir, "data");
        await using var node = NodeProcess.Start("--data-dir", data);

        await node.WaitForLineAsync("Precog node started", Patience);
        await node.WaitForLineAsync("Trading rules: min edge 0.05, Kelly fraction 0.25", Patience);

        node.Terminate();
        Assert.Equal(0, await node.ExitCodeAsync(Patience));
        var log = Assert.Single(Directory.GetFiles(Path.Combine(data, "logs"), "precog-*.log"));
        Assert.Contains("Precog node started", await File.ReadAllTextAsync(log));
    }

    [Fact]
    public async Task Node_refuses_a_bad_configuration_with_one_line_naming_the_key_and_exit_code_2()
    {
        var conf = Path.Combine(_dir, "bad.conf");
        await File.WriteAllTextAsync(conf, "precog.trading.sizing.kelly-fraction = 1.5");
        await using var node = NodeProcess.Start("--config", conf, "--data-dir", Path.Combine(_dir, "data"));

        Assert.Equal(2, await node.ExitCodeAsync(Patience));
        var line = Assert.Single(node.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("precog.trading.sizing.kelly-fraction = 1.5 must lie in [0, 1]", line);
    }

    [Fact]
    public async Task Node_refuses_an_unknown_option()
    {
        await using var node = NodeProcess.Start("--colour", "blue");
        Assert.Equal(2, await node.ExitCodeAsync(Patience));
        Assert.Contains("--colour", node.Err);
    }
}
