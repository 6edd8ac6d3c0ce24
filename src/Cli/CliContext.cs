namespace Stamina.Cli;

/// <summary>
/// Everything one invocation reads from or writes to the outside world, so tests can run the CLI in-process
/// with captured output, a chosen environment and a fixed clock.
/// </summary>
internal sealed record CliContext
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>Colour and terminal width are only for a person watching; redirected output stays plain text.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>The variables to read (STAMINA_URL, STAMINA_API_KEY, NO_COLOR, TERM...); null reads the process's own.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public string? GetEnvironmentVariable(string name) =>
        Environment is null ? System.Environment.GetEnvironmentVariable(name) : Environment.GetValueOrDefault(name);

    public static CliContext FromConsole() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
        OutputIsTerminal = !Console.IsOutputRedirected,
    };

    public static CliContext Captured(TextWriter stdout, TextWriter stderr) => new() { Out = stdout, Error = stderr };
}
