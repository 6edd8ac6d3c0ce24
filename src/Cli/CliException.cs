namespace Stamina.Cli;

/// <summary>An error the user can act on: its message is printed as is (no stack trace) and its code becomes the exit code.</summary>
class CliException(int exitCode, string message, Exception? innerException = null) : Exception(message, innerException)
{
    public int ExitCode { get; } = exitCode;
}
