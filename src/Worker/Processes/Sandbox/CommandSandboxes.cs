using Stamina.ServiceDefaults.Configuration;
using Stamina.Worker.Processes.Sandbox.Network;

namespace Stamina.Worker.Processes.Sandbox;

/// <summary>
/// Whether this worker sandboxes its commands, decided once at start (<see cref="SandboxProbe"/>), and the sandbox
/// of each attempt's command. Never silently unsandboxed: <see cref="Warning"/> says so whenever a command will not be.
/// </summary>
public sealed class CommandSandboxes
{
    readonly WorkerSettings settings;
    readonly SandboxNetworkPolicy network;
    readonly EgressProxies? proxies;
    readonly ResourceLimits? fallback;

    CommandSandboxes(
        WorkerSettings settings, SandboxNetworkPolicy network, string? problem, string? networkProblem, ResourceLimits? fallback, EgressProxies? proxies = null)
    {
        this.settings = settings;
        this.fallback = fallback;
        this.network = network;
        this.proxies = proxies;
        Problem = problem;
        NetworkProblem = networkProblem;
    }

    /// <summary>Why allow-listed hosts cannot be reached here (null when they can): such commands get no network.</summary>
    public string? NetworkProblem { get; }

    string EmptyFile => field ??= BubblewrapCommand.CreateEmptyFile(Path.Combine(settings.ResolveWorkDir(), "sandbox"));

    /// <summary>True when every attempt's command runs sandboxed.</summary>
    public bool IsActive => settings.Sandbox != SandboxMode.Off && Problem is null;

    /// <summary>Why sandboxing does not work here (null when it does, or was not tried).</summary>
    public string? Problem { get; }

    /// <summary>A loud line for the log and the console when commands run unsandboxed; null when they do not.</summary>
    public string? Warning => settings.Sandbox == SandboxMode.Off
        ? "WARNING: Stamina:Worker:Sandbox is off: commands and agents run UNSANDBOXED, as the worker's user, with its files and network."
        : Problem is null
            ? NetworkProblem is null ? null
            : $"WARNING: sandboxed commands and agents get NO network, not even their allow-list (agents cannot reach their model): {NetworkProblem}."
        : $"WARNING: commands and agents run UNSANDBOXED, as the worker's user, with its files and network: {Problem}. " +
          "Fix it, or set Stamina:Worker:Sandbox=required to refuse to start instead (docs/security.md).";

    /// <param name="fallback">Per-process limits standing in for the attempt's cgroup where there is none (its memory limit).</param>
    /// <exception cref="ServiceConfigurationException">A setting is wrong, or the sandbox is required and does not work here.</exception>
    public static CommandSandboxes Start(WorkerSettings settings, ResourceLimits? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var network = SandboxNetworkPolicy.Parse(settings.SandboxNetwork);
        foreach (var path in settings.SandboxReadOnlyPaths.Where(path => !Path.IsPathFullyQualified(path)))
            throw new ServiceConfigurationException($"{WorkerSettings.Section}:SandboxReadOnlyPaths: '{path}' is not an absolute path.");
        if (settings.Sandbox == SandboxMode.Off)
            return new CommandSandboxes(settings, network, null, null, fallback);
        var problem = SandboxProbe.Problem(settings.SandboxProgram);
        if (problem is not null && settings.Sandbox == SandboxMode.Required)
            throw new ServiceConfigurationException($"{WorkerSettings.Section}:Sandbox is required, but commands cannot be sandboxed here: {problem}.");
        var networkProblem = network.UsesProxy && !File.Exists(ProxyBridge.Socat)
            ? $"{ProxyBridge.Socat} is missing (install the socat package): it carries a sandbox's connections to the worker's proxy"
            : null;
        if (networkProblem is not null && problem is null && settings.Sandbox == SandboxMode.Required)
            throw new ServiceConfigurationException($"{WorkerSettings.Section}:Sandbox is required, but {networkProblem}.");
        return new CommandSandboxes(settings, network, problem, networkProblem, fallback);
    }

    /// <summary>These sandboxes, with the proxies that serve their allow-lists (without them, allow-listed commands get no network).</summary>
    public CommandSandboxes With(EgressProxies egress) => new(settings, network, Problem, NetworkProblem, fallback, egress);

    /// <summary>
    /// The sandbox of a command of <paramref name="harness"/> (null: the command harness) in <paramref name="worktree"/>;
    /// null when commands run unsandboxed (see <see cref="Warning"/>).
    /// </summary>
    public CommandSandbox? For(string worktree, IEnumerable<string> readOnlyPaths, IEnumerable<string> writablePaths, string? harness = null)
    {
        if (!IsActive)
            return null;
        var limits = new ResourceLimits
        {
            // The stricter of the process's own limit and the attempt's, where no cgroup keeps the attempt's; for the
            // command harness only: RLIMIT_AS stops Node and Bun agents from starting at any realistic value.
            MemoryBytes = new[] { settings.CommandMemoryBytes, harness is null ? fallback?.MemoryBytes : null }.Min(),
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
            HostNetwork = network.IsWhole,
            ProxySocket = ProxyFor(harness),
            Limits = limits.IsEmpty ? null : limits,
        };
    }

    string? ProxyFor(string? harness)
    {
        if (proxies is null || NetworkProblem is not null)
            return null;
        var allowed = network.AllowedFor(harness);
        return allowed.IsEmpty ? null : proxies.For(allowed).SocketPath;
    }
}
