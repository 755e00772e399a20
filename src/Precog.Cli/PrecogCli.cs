using System.CommandLine;
using Precog.Domain.Values;

namespace Precog.Cli;

/// <summary>
/// The `precog` command line: parses the verbs, runs one, and turns every kind of bad input into a
/// single line on stderr with exit code 2 (never a stack trace).
/// </summary>
public static class PrecogCli
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CliTerminal? terminal = null)
    {
        var console = new CliConsole(stdout, stderr, terminal ?? CliTerminal.Detect(stdout));
        var root = new RootCommand("precog: the Precog trading engine's command line")
        {
            new Command("elo", "Elo ratings: replay a season file") { EloReplayCommand.Build(console) },
            WhatIfCommand.Build(console),
            TapeCommand.Build(console),
            BacktestCommand.Build(console),
            new Command("db", "The database: its schema, and the tables projected from the journal")
            {
                DbMigrateCommand.Build(console), DbProjectionCommands.Rebuild(console), DbProjectionCommands.Project(console),
            },
        };
        foreach (var verb in AdminCommands.Build(console)) root.Subcommands.Add(verb);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"precog: {OneLine(parse.Errors[0].Message)}");
            return BadInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e) when (IsBadInput(e))
        {
            stderr.WriteLine($"precog: {OneLine(e.Message)}");
            return BadInput;
        }
        catch (AdminCallException e)
        {
            stderr.WriteLine($"precog: {OneLine(e.Message)}");
            return e.ExitCode;
        }
        catch (ProjectionFailedException e)
        {
            stderr.WriteLine($"precog: {OneLine(e.Message)}");
            return Failure;
        }
        catch (IOException e)
        {
            // a file that could not be read or written (a full disk, a device, a path the system refuses): said, not a crash
            stderr.WriteLine($"precog: input/output failed: {OneLine(e.Message)}");
            return Failure;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"precog: unexpected {e.GetType().Name}: {OneLine(e.Message)}");
            return Failure;
        }
    }

    private static bool IsBadInput(Exception e) => e is CliInputException or DomainValueException or Configuration.SettingsException
        or Persistence.Schema.MigrationException
        or FileNotFoundException or DirectoryNotFoundException or FormatException or UnauthorizedAccessException
        or ArgumentException;

    private static string OneLine(string message) => string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>Bad input the user can fix: a missing file, a malformed row, a value out of range.</summary>
public sealed class CliInputException(string message) : Exception(message);
