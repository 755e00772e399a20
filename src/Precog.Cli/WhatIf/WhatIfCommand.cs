using System.CommandLine;

namespace Precog.Cli;

/// <summary>`precog whatif` (being written).</summary>
public static class WhatIfCommand
{
    public static Command Build(CliConsole console) => new("whatif", "Walk marks through the exit rules");
}
