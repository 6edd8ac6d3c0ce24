namespace Stamina.Cli.Tests.Infrastructure;

/// <summary>The outcome of one in-process run of the CLI.</summary>
sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
