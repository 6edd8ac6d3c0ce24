using Stamina.Worker.Processes;

namespace Stamina.Worker.Git;

/// <summary>
/// Runs the git CLI (argv only, never a shell) with settings that keep it unattended and keep the
/// repository's content from running code in the worker.
/// </summary>
/// <remarks>
/// <para>
/// Each call is a <see cref="ChildProcess"/>: its own session, so no controlling terminal for ssh or git to
/// prompt on; killed with its helpers (ssh, git-remote-https) on timeout or cancellation.
/// </para>
/// <para>
/// Environment: <c>GIT_TERMINAL_PROMPT=0</c> and an empty <c>GIT_ASKPASS</c> (which also hides
/// <c>core.askPass</c> and <c>SSH_ASKPASS</c>) make a missing credential fail at once instead of waiting
/// for an answer that never comes; <c>GIT_ALLOW_PROTOCOL=file:https:ssh</c> overrides every
/// <c>protocol.*.allow</c> setting, so remote helpers such as <c>ext::</c> (runs a command) and <c>fd::</c>
/// can never run, whatever the address or a config file says; variables a parent git may have exported
/// (<c>GIT_DIR</c>, <c>GIT_INDEX_FILE</c>, …) are removed so they cannot redirect us.
/// </para>
/// <para>
/// We deliberately keep the system and global config (no <c>GIT_CONFIG_NOSYSTEM</c>, no HOME override):
/// that is where users configure credential helpers, proxies, CA bundles, <c>url.*.insteadOf</c> and
/// <c>core.sshCommand</c>, and pushing to their remotes must work as it does in their shell. The few
/// settings that would let a repository run code are overridden on the command line, which beats every
/// config file: hooks (<c>core.hooksPath=/dev/null</c>), <c>core.fsmonitor</c>, and automatic gc, which
/// <see cref="MirrorCache"/> runs itself under its lock.
/// </para>
/// </remarks>
public sealed class GitCommand(string executable = "git", TimeSpan? timeout = null)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    /// <summary>How much of stdout (and of stderr) a call keeps; longer output loses its beginning.</summary>
    public const int MaxCapturedOutputBytes = 1024 * 1024;

    static readonly string[] HardeningOptions =
    [
        "-c", "protocol.ext.allow=never",
        "-c", "protocol.fd.allow=never",
        "-c", "core.hooksPath=/dev/null",
        "-c", "core.fsmonitor=false",
        "-c", "gc.auto=0",
        "-c", "maintenance.auto=false",
    ];

    static readonly Dictionary<string, string?> HardenedEnvironment = new()
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_ASKPASS"] = "",
        ["SSH_ASKPASS"] = null,
        ["SSH_ASKPASS_REQUIRE"] = "never",
        ["GCM_INTERACTIVE"] = "never",
        ["GIT_ALLOW_PROTOCOL"] = "file:https:ssh",
        ["GIT_EDITOR"] = ":",
        ["LC_ALL"] = "C",
        ["GIT_DIR"] = null,
        ["GIT_WORK_TREE"] = null,
        ["GIT_COMMON_DIR"] = null,
        ["GIT_INDEX_FILE"] = null,
        ["GIT_OBJECT_DIRECTORY"] = null,
        ["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = null,
        ["GIT_NAMESPACE"] = null,
        ["GIT_PREFIX"] = null,
        ["GIT_CONFIG_PARAMETERS"] = null,
        ["GIT_CONFIG_COUNT"] = null,
        ["GIT_EXTERNAL_DIFF"] = null,
    };

    readonly TimeSpan limit = timeout ?? DefaultTimeout;

    /// <exception cref="GitCommandException">git exited with a non-zero code or timed out.</exception>
    public Task<GitResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(workingDirectory, arguments, new GitRunOptions(), cancellationToken);

    /// <exception cref="GitCommandException">git failed (unless <see cref="GitRunOptions.ThrowOnFailure"/> is off) or timed out.</exception>
    /// <exception cref="ExecutableNotFoundException">git is not installed.</exception>
    public async Task<GitResult> RunAsync(
        string workingDirectory, IReadOnlyList<string> arguments, GitRunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(options);
        var environment = new Dictionary<string, string?>(HardenedEnvironment);
        foreach (var (name, value) in options.Environment ?? new Dictionary<string, string?>())
            environment[name] = value;

        var result = await ChildProcessRunner.RunAsync(
            new ChildProcessOptions
            {
                Command = [executable, .. HardeningOptions, .. arguments],
                WorkingDirectory = workingDirectory,
                Environment = environment,
                StandardInput = options.StandardInput,
                TailBytes = MaxCapturedOutputBytes,
                OnOutputLine = options.OnOutputLine,
            },
            limit,
            cancellationToken);

        if (result.TimedOut || (options.ThrowOnFailure && result.ExitCode != 0))
            throw new GitCommandException(arguments, result.ExitCode, result.StandardErrorTail, result.TimedOut);
        if (result.LineCallbackError is { } callbackError)
            throw new InvalidOperationException($"Reading the output of git {arguments.FirstOrDefault()} failed.", callbackError);
        return new GitResult(result.ExitCode, result.StandardOutputTail, result.StandardErrorTail);
    }
}
