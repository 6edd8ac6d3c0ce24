namespace Stamina.FakeAgent.Cli;

/// <summary>An argv or configuration the fake cannot run with (exit code 2, like the real CLIs' usage errors).</summary>
sealed class UsageException(string message) : Exception(message);
