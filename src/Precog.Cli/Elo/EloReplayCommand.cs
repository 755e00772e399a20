using System.CommandLine;

namespace Precog.Cli;

/// <summary>`precog elo replay` (being written).</summary>
public static class EloReplayCommand
{
    public static Command Build(CliConsole console) => new("replay", "Replay the Elo model over a games CSV");
}
