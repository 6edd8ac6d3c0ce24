namespace Stamina.Cli.Tests.Infrastructure;

/// <summary>
/// The outcome of one in-process run of the CLI. <see cref="RawStdout"/> holds what was written to stdout as bytes
/// (transcripts); <see cref="Stdout"/> is the text written, followed by those bytes decoded.
/// </summary>
sealed record CliResult(int ExitCode, string Stdout, string Stderr, byte[] RawStdout)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
