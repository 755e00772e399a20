using Spectre.Console;
using Spectre.Console.Rendering;

namespace Precog.Cli;

/// <summary>Renders Spectre.Console widgets to a verb's writer: colours on a terminal, plain text elsewhere.</summary>
public static class CliRendering
{
    public static IAnsiConsole ConsoleFor(CliConsole console)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Ansi = console.Terminal.Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = console.Terminal.Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = console.Terminal.Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!console.Terminal.Interactive) ansi.Profile.Width = 160; // pipes have no width; keep rows on one line
        return ansi;
    }

    public static void Write(CliConsole console, IRenderable widget) => ConsoleFor(console).Write(widget);
}
