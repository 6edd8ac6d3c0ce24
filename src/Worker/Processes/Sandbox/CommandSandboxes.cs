using Stamina.ServiceDefaults.Configuration;

namespace Stamina.Worker.Processes.Sandbox;

/// <summary>
/// Whether this worker sandboxes its commands, decided once at start (<see cref="SandboxProbe"/>), and the sandbox
/// of each attempt's command. Never silently unsandboxed: <see cref="Warning"/> says so whenever a command will not be.
/// </summary>
public sealed class CommandSandboxes
{
    const string WholeNetwork = "*";

    readonly WorkerSettings settings;

    CommandSandboxes(WorkerSettings settings, string? problem)
    {
        this.settings = settings;
        Problem = problem;
    }

    string EmptyFile => field ??= BubblewrapCommand.CreateEmptyFile(Path.Combine(settings.ResolveWorkDir(), "sandbox"));

    /// <summary>True when every attempt's command runs sandboxed.</summary>
    public bool IsActive => settings.Sandbox != SandboxMode.Off && Problem is null;

    /// <summary>Why sandboxing does not work here (null when it does, or was not tried).</summary>
    public string? Problem { get; }

    /// <summary>A loud line for the log and the console when commands run unsandboxed; null when they do not.</summary>
    public string? Warning => settings.Sandbox == SandboxMode.Off
        ? "WARNING: Stamina:Worker:Sandbox is off: commands and agents run UNSANDBOXED, as the worker's user, with its files and network."
        : Problem is null ? null
        : $"WARNING: commands and agents run UNSANDBOXED, as the worker's user, with its files and network: {Problem}. " +
          "Fix it, or set Stamina:Worker:Sandbox=required to refuse to start instead (docs/security-h-sandbox.md).";

    /// <exception cref="ServiceConfigurationException">A setting is wrong, or the sandbox is required and does not work here.</exception>
    public static CommandSandboxes Start(WorkerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.SandboxNetwork.Any(host => host != WholeNetwork))
            throw new ServiceConfigurationException(
                $"{WorkerSettings.Section}:SandboxNetwork: only empty (no network) or '*' (the whole network) is supported; " +
                $"an allow-list of hosts ({string.Join(", ", settings.SandboxNetwork)}) is not enforced yet.");
        foreach (var path in settings.SandboxReadOnlyPaths.Where(path => !Path.IsPathFullyQualified(path)))
            throw new ServiceConfigurationException($"{WorkerSettings.Section}:SandboxReadOnlyPaths: '{path}' is not an absolute path.");
        if (settings.Sandbox == SandboxMode.Off)
            return new CommandSandboxes(settings, null);
        var problem = SandboxProbe.Problem(settings.SandboxProgram);
        if (problem is not null && settings.Sandbox == SandboxMode.Required)
            throw new ServiceConfigurationException($"{WorkerSettings.Section}:Sandbox is required, but commands cannot be sandboxed here: {problem}.");
        return new CommandSandboxes(settings, problem);
    }

    /// <summary>The sandbox of a command in <paramref name="worktree"/>; null when commands run unsandboxed (see <see cref="Warning"/>).</summary>
    public CommandSandbox? For(string worktree, IEnumerable<string> readOnlyPaths, IEnumerable<string> writablePaths)
    {
        if (!IsActive)
            return null;
        var limits = new ResourceLimits
        {
            MemoryBytes = settings.CommandMemoryBytes,
            CpuSeconds = settings.CommandCpuSeconds,
            OpenFiles = settings.CommandOpenFiles,
        };
        return new CommandSandbox
        {
            Bubblewrap = settings.SandboxProgram,
            EmptyFile = EmptyFile,
            Worktree = worktree,
            ReadOnlyPaths = [.. settings.SandboxReadOnlyPaths, .. readOnlyPaths],
            WritablePaths = [.. writablePaths],
            PassedVariables = settings.SandboxEnvironment,
            HostNetwork = settings.SandboxNetwork.Contains(WholeNetwork),
            Limits = limits.IsEmpty ? null : limits,
        };
    }
}
