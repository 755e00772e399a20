namespace Precog.Cli.Tests.Admin;

/// <summary>The admin verbs' failures before or without a node: one line on stderr, a non-zero exit code. (Against a live node: Precog.Host.Tests.)</summary>
public sealed class AdminVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("precog-cli-admin-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Without_a_running_node_a_verb_says_where_it_looked_for_it_and_exits_1()
    {
        var result = CliRun.Precog("positions", "--data-dir", _dir);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"precog: no node found: {Path.Combine(_dir, "admin.url")} does not exist", Assert.Single(result.ErrLines));
    }

    [Fact]
    public void A_node_that_does_not_listen_is_unreachable_in_one_line_and_exit_code_1()
    {
        var tokens = Path.Combine(_dir, "admin.token");
        File.WriteAllText(tokens, "read=0123456789abcdef0123\nwrite=fedcba98765432100123\n");

        var result = CliRun.Precog("breakers", "--node", "http://127.0.0.1:1", "--token-file", tokens);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrLines);
        Assert.StartsWith("precog: node unreachable at http://127.0.0.1:1/", line);
        Assert.DoesNotContain("0123456789abcdef0123", line);
    }

    [Theory]
    [InlineData("breaker", "trip", "manual", "--reason", "x")]
    [InlineData("killswitch", "maybe")]
    [InlineData("alert", "resolve", "some-id", "--action", "shrugged")]
    [InlineData("breaker", "trip", "manual/global")]
    [InlineData("log", "level", "loud")]
    [InlineData("log", "peek", "--level", "loud")]
    [InlineData("log", "peek", "--lines", "0")]
    [InlineData("cluster", "leave")]
    [InlineData("strategy", "pause", "nfl_value")]
    public void Bad_input_is_refused_with_exit_code_2_before_any_call(params string[] args)
    {
        var result = CliRun.Precog([.. args, "--node", "http://127.0.0.1:1", "--token-file", Path.Combine(_dir, "none")]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("precog: ", Assert.Single(result.ErrLines));
    }
}
