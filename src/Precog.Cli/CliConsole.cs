namespace Precog.Cli;

/// <summary>Whether stdout is an interactive terminal (progress bars, colours) or a pipe/file/test.</summary>
public sealed record CliTerminal(bool Interactive)
{
    public static CliTerminal Detect(TextWriter stdout) =>
        new(ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null);
}

/// <summary>The writers and terminal facts a verb writes through, so tests run verbs in-process.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, CliTerminal Terminal);
