using Spectre.Console;

namespace Stamina.Cli.Render;

static class ConsoleFactory
{
    /// <summary>Wide enough that a table written to a file or a pipe keeps one row per line for grep and friends.</summary>
    const int RedirectedWidth = 200;

    /// <summary>
    /// Renders to the invocation's stdout through a Spectre console. Colour and other escape codes only reach a
    /// terminal, and NO_COLOR turns colour off there too (https://no-color.org): redirected output is plain text.
    /// </summary>
    public static void Render(CliContext context, Action<IAnsiConsole> render)
    {
        using var plain = context.OutputIsTerminal ? null : new PlainTextWriter(context.Out);
        render(Create(context, plain));
    }

    /// <summary>The same for a view that lives on (<c>watch</c>).</summary>
    public static async Task RenderAsync(CliContext context, Func<IAnsiConsole, Task> render)
    {
        using var plain = context.OutputIsTerminal ? null : new PlainTextWriter(context.Out);
        await render(Create(context, plain));
    }

    static IAnsiConsole Create(CliContext context, PlainTextWriter? plain)
    {
        var noColor = !string.IsNullOrEmpty(context.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(plain ?? context.Out),
            Ansi = context.OutputIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = context.OutputIsTerminal && !noColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            // Spectre detects the terminal's abilities from TERM, COLORTERM and friends: from the same place we read.
            EnvironmentVariables = context.Environment is null ? null : new Dictionary<string, string>(context.Environment),
        });
        if (plain is not null)
            console.Profile.Width = int.TryParse(context.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 20 ? columns : RedirectedWidth;
        return console;
    }
}
