using System.ComponentModel;
using System.Diagnostics;
using Stamina.ServiceDefaults.Configuration;

namespace Stamina.Cli.Checks;

/// <summary>
/// An agent CLI (<c>claude</c>, <c>codex</c>, <c>gemini</c>): found at <c>Stamina:Harnesses:&lt;name&gt;:Executable</c> or on
/// PATH, and what <c>--version</c> says. Missing is a warning unless an executable was configured for it.
/// </summary>
static class AgentCliCheck
{
    public static readonly IReadOnlyList<string> Harnesses = ["claude", "codex", "gemini"];

    public static string ExecutableKey(string harness) => $"Stamina:Harnesses:{harness}:Executable";

    public static async Task<CheckResult> RunAsync(string harness, string? configuredExecutable, CliContext context, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var name = $"{harness} CLI";
        var configured = !string.IsNullOrWhiteSpace(configuredExecutable);
        var wanted = configured ? configuredExecutable!.Trim() : harness;
        var path = Resolve(wanted, context);
        if (path is null)
        {
            return configured
                ? CheckResult.Failed(name, $"'{wanted}' ({ExecutableKey(harness)}) not found or not executable")
                : CheckResult.Warning(name, $"not installed ('{harness}' is not on PATH)");
        }
        var start = new ProcessStartInfo(path, "--version")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = context.ResolveWorkingDirectory(),
        };
        if (context.Environment is not null)
        {
            start.Environment.Clear();
            foreach (var (variable, value) in context.Environment)
                start.Environment[variable] = value;
        }
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            return CheckResult.Failed(name, $"{path}: cannot run it: {exception.Message}");
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return CheckResult.Failed(name, $"{path}: '--version' did not finish within {timeout.TotalSeconds:0.#} s");
        }
        // A grandchild may still hold the pipes open; what has arrived by now is enough.
        var output = await FirstLineAsync(stdout) ?? await FirstLineAsync(stderr);
        return process.ExitCode == 0
            ? CheckResult.Ok(name, $"{path}: {output ?? "(no version printed)"}")
            : CheckResult.Failed(name, $"{path}: '--version' exited with {process.ExitCode}{(output is null ? "" : ": " + output)}");
    }

    static async Task<string?> FirstLineAsync(Task<string> text)
    {
        try
        {
            var all = await text.WaitAsync(TimeSpan.FromSeconds(1));
            return all.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>A path (absolute, relative or <c>~/…</c>) is taken as it is; a bare name is looked up on PATH.</summary>
    static string? Resolve(string executable, CliContext context)
    {
        var home = context.ResolveHomeDirectory();
        if (executable.Contains('/', StringComparison.Ordinal) || executable.StartsWith('~'))
        {
            var path = Path.GetFullPath(StaminaConfigFile.ExpandHome(executable, home), context.ResolveWorkingDirectory());
            return IsExecutable(path) ? path : null;
        }
        var searchPath = context.GetEnvironmentVariable("PATH") ?? "";
        return searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(IsExecutable);
    }

    static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
            return false;
        if (OperatingSystem.IsWindows())
            return true;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
