namespace Precog.Cli.Tests;

/// <summary>The outcome of one in-process run of `precog`.</summary>
public sealed record CliResult(int ExitCode, string Out, string Err)
{
    public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs the real command line in-process with captured output, as a non-interactive terminal.</summary>
public static class CliRun
{
    public static CliResult Precog(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = PrecogCli.Run(args, stdout, stderr, new CliTerminal(Interactive: false));
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
