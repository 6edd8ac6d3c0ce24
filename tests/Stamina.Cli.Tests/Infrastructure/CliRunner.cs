using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Stamina.Cli.Tests.Infrastructure;

/// <summary>Runs the CLI's entry point in-process with captured output and an environment of the test's choosing.</summary>
static class CliRunner
{
    /// <summary>Runs with an empty environment, so a STAMINA_URL or STAMINA_API_KEY on the test machine cannot leak in.</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, string[] args, string stdin = "") =>
        RunAsync(environment, args, stdin, TimeProvider.System, CancellationToken.None);

    /// <summary>
    /// Runs a command that waits between polls (logs --follow, watch) on a fake clock, moving it on a second at a
    /// time until the command ends, so its 1-2 s waits take no real time. Fails the test after 20 s of real time.
    /// </summary>
    public static async Task<CliResult> RunOnFakeClockAsync(params string[] args)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 25, 21, 10, 0, TimeSpan.Zero));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var run = RunAsync(new Dictionary<string, string>(), args, "", clock, deadline.Token);
        while (!run.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(run, Task.Delay(5));
        }
        var result = await run;
        Assert.That(deadline.IsCancellationRequested, Is.False, $"the command did not end within 20 s:\n{result}");
        return result;
    }

    /// <summary>
    /// Runs with <paramref name="directory"/> as the working directory and <c>directory/home</c> as the home directory,
    /// so a stamina.yml on the test machine cannot leak in either.
    /// </summary>
    public static Task<CliResult> RunInAsync(string directory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(environment, args, "", TimeProvider.System, CancellationToken.None, directory);

    /// <summary>The working and home directory of runs that name none: empty, so no stamina.yml is found.</summary>
    static readonly Lazy<string> NoConfigDirectory = new(() =>
        Directory.CreateDirectory(Path.Combine(Stamina.Testing.TemporaryDirectory.Root, "cli-no-config", "home")).Parent!.FullName);

    static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, string[] args, string stdin, TimeProvider clock,
        CancellationToken cancellationToken, string? directory = null)
    {
        directory ??= NoConfigDirectory.Value;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var rawStdout = new MemoryStream();
        var context = new CliContext
        {
            Out = stdout,
            Error = stderr,
            In = new StringReader(stdin),
            RawOut = rawStdout,
            Environment = environment,
            Clock = clock,
            WorkingDirectory = directory,
            HomeDirectory = Path.Combine(directory, "home"),
        };
        var exitCode = await StaminaCommandLine.InvokeAsync(args, context, cancellationToken);
        var raw = rawStdout.ToArray();
        return new CliResult(exitCode, stdout + Encoding.UTF8.GetString(raw), stderr.ToString(), raw);
    }

    /// <summary>
    /// The arguments for a command against <paramref name="coordinator"/> with the test key. The global options
    /// go first: after the command, a '--' in <paramref name="args"/> would make them part of the submitted argv.
    /// </summary>
    public static string[] Against(LoopbackCoordinator coordinator, params string[] args) =>
        ["--url", coordinator.Url.AbsoluteUri, "--api-key", TestKey, .. args];

    public const string TestKey = "test-key-123";
}
