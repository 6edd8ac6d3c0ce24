namespace Stamina.Cli.Api;

/// <summary>The coordinator could not be reached or refused a request; the exit code says which (see <see cref="ExitCodes"/>).</summary>
sealed class CoordinatorException(int exitCode, string message, Exception? innerException = null)
    : CliException(exitCode, message, innerException);
