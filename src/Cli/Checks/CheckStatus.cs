namespace Stamina.Cli.Checks;

enum CheckStatus
{
    Ok,

    /// <summary>Something configured does not work: the exit code becomes 1.</summary>
    Failed,

    /// <summary>Not configured or not installed, and nobody asked for it: worth knowing, not a failure.</summary>
    Warning,
}
