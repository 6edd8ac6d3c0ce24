namespace Stamina.Cli;

/// <summary>
/// Everything one invocation reads from or writes to the outside world, so tests can run the CLI in-process
/// with captured output, a chosen environment and a fixed clock.
/// </summary>
sealed record CliContext
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>
    /// Stdout as bytes, for output that must reach it unchanged (a transcript may hold invalid UTF-8, which a
    /// TextWriter would replace). Null writes through <see cref="Out"/> instead, decoding as UTF-8.
    /// </summary>
    public Stream? RawOut { get; init; }

    /// <summary>Colour and terminal width are only for a person watching; redirected output stays plain text.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>The variables to read (STAMINA_URL, STAMINA_API_KEY, NO_COLOR, TERM...); null reads the process's own.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where <c>./stamina.yml</c> is looked for; null is the process's working directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Where <c>~/.stamina/stamina.yml</c> and <c>~/…</c> paths are; null is the user's home directory.</summary>
    public string? HomeDirectory { get; init; }

    public string ResolveWorkingDirectory() => WorkingDirectory ?? Directory.GetCurrentDirectory();

    public string ResolveHomeDirectory() => HomeDirectory ?? System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);

    /// <summary>All variables, from <see cref="Environment"/> or the process.</summary>
    public IReadOnlyDictionary<string, string> AllEnvironmentVariables()
    {
        if (Environment is not null)
            return Environment;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            variables[(string)entry.Key] = (string?)entry.Value ?? "";
        return variables;
    }

    public string? GetEnvironmentVariable(string name) =>
        Environment is null ? System.Environment.GetEnvironmentVariable(name) : Environment.GetValueOrDefault(name);

    public static CliContext FromConsole() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
        RawOut = Console.OpenStandardOutput(),
        OutputIsTerminal = !Console.IsOutputRedirected,
    };

    /// <summary>Writes bytes to stdout as they are, after whatever text is already buffered in <see cref="Out"/>.</summary>
    public async Task WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (bytes.IsEmpty)
            return;
        if (RawOut is null)
        {
            await Out.WriteAsync(System.Text.Encoding.UTF8.GetString(bytes.Span));
            await Out.FlushAsync(cancellationToken);
            return;
        }
        await Out.FlushAsync(cancellationToken);
        await RawOut.WriteAsync(bytes, cancellationToken);
        await RawOut.FlushAsync(cancellationToken);
    }

    public static CliContext Captured(TextWriter stdout, TextWriter stderr) => new() { Out = stdout, Error = stderr };
}
