namespace Stamina.Cli.Tests.Infrastructure;

/// <summary>Runs the CLI's entry point in-process with captured output and an environment of the test's choosing.</summary>
static class CliRunner
{
    /// <summary>Runs with an empty environment, so a STAMINA_URL or STAMINA_API_KEY on the test machine cannot leak in.</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, string[] args, string stdin = "")
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext
        {
            Out = stdout,
            Error = stderr,
            In = new StringReader(stdin),
            Environment = environment,
        };
        var exitCode = await StaminaCommandLine.InvokeAsync(args, context);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// The arguments for a command against <paramref name="coordinator"/> with the test key. The global options
    /// go first: after the command, a '--' in <paramref name="args"/> would make them part of the submitted argv.
    /// </summary>
    public static string[] Against(LoopbackCoordinator coordinator, params string[] args) =>
        ["--url", coordinator.Url.AbsoluteUri, "--api-key", TestKey, .. args];

    public const string TestKey = "test-key-123";
}
