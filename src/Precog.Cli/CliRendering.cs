using Spectre.Console;
using Spectre.Console.Rendering;

namespace Precog.Cli;

/// <summary>Renders Spectre.Console widgets to a verb's writer: colours on a terminal, plain text elsewhere.</summary>
public static class CliRendering
{
    public const int NonInteractiveWidth = 400;

    public static IAnsiConsole ConsoleFor(CliConsole console)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Ansi = console.Terminal.Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = console.Terminal.Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = console.Terminal.Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        // pipes have no width: keep every row on one line (a table is only as wide as its cells; the positions table
        // needs about 200 columns, and a wrapped id or ticker is no use to a script or a reader)
        if (!console.Terminal.Interactive) ansi.Profile.Width = NonInteractiveWidth;
        return ansi;
    }

    public static void Write(CliConsole console, IRenderable widget) => ConsoleFor(console).Write(widget);
}
