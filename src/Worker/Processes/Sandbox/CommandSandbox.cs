namespace Stamina.Worker.Processes.Sandbox;

/// <summary>
/// What one sandboxed command may reach: its worktree (and the parts of the mirror's git directory a commit
/// writes), a few more paths the worker names, the system's programs and libraries, and nothing else of the
/// machine. Its processes see only each other, and the network only when <see cref="HostNetwork"/> is set.
/// </summary>
public sealed record CommandSandbox
{
    /// <summary>The bubblewrap program.</summary>
    public string Bubblewrap { get; init; } = BubblewrapCommand.DefaultProgram;

    /// <summary>
    /// An empty, read-only file of the worker's, shown in place of hidden files (<c>/dev/null</c> cannot be: a bind
    /// mount of it refuses to open, and git stops at a system configuration it cannot read).
    /// </summary>
    public required string EmptyFile { get; init; }

    /// <summary>The command's own directory, writable; a git worktree's git directory is found from its <c>.git</c> file.</summary>
    public required string Worktree { get; init; }

    /// <summary>More files or directories the command may read (a prompt file, an agent's installation).</summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    /// <summary>More directories the command may write (an agent account's config dir).</summary>
    public IReadOnlyList<string> WritablePaths { get; init; } = [];

    /// <summary>Names of the worker's environment variables passed in; everything else of the worker's environment stays out.</summary>
    public IReadOnlyList<string> PassedVariables { get; init; } = [];

    /// <summary>Shares the machine's network (no allow-list); false leaves the command only a loopback of its own.</summary>
    public bool HostNetwork { get; init; }

    /// <summary>
    /// The worker's filtering proxy (<see cref="Network.EgressProxy"/>), reached inside at 127.0.0.1:3128 through a bridge
    /// and named by the proxy variables; null: no way out (unless <see cref="HostNetwork"/>).
    /// </summary>
    public string? ProxySocket { get; init; }

    /// <summary>Limits for each process of the command; null leaves the worker's own.</summary>
    public ResourceLimits? Limits { get; init; }
}
