namespace Stamina.Worker.Processes;

/// <summary>What to run and how to capture it. <see cref="Command"/> is an argv: never a shell line.</summary>
public sealed record ChildProcessOptions
{
    /// <summary>The executable (a name looked up on PATH, or a path) followed by its arguments.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    public required string WorkingDirectory { get; init; }

    /// <summary>Added to (or, with a null value, removed from) the worker's own environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Written to the child's stdin, which is then closed; null closes stdin at once.</summary>
    public string? StandardInput { get; init; }

    /// <summary>How many of the last bytes of each stream the result keeps.</summary>
    public int TailBytes { get; init; } = 64 * 1024;

    /// <summary>Longer lines reach the callbacks cut to this many bytes, so one endless line cannot exhaust memory.</summary>
    public int MaxLineBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Called on a pool thread for each stdout line, in order; must be quick and should not throw. It may run
    /// at the same time as <see cref="OnErrorLine"/>.
    /// </summary>
    public Action<string>? OnOutputLine { get; init; }

    /// <summary>Called on a pool thread for each stderr line, in order; must be quick and should not throw.</summary>
    public Action<string>? OnErrorLine { get; init; }

    /// <summary>
    /// When the command exits, kill whatever it left running in its process group. An unattended command
    /// must not leave servers or watchers behind, and they would also keep our pipes open.
    /// </summary>
    public bool KillLeftoversOnExit { get; init; } = true;

    /// <summary>Ties the command to this process (see <see cref="ProcessLeash"/>); null runs it without one.</summary>
    public ProcessLeash? Leash { get; init; }

    /// <summary>
    /// Runs the command sandboxed from the worker (see <see cref="Sandbox.CommandSandbox"/>); null runs it as the worker
    /// sees the machine. Inside, the environment is <see cref="Environment"/> plus the variables the sandbox passes.
    /// </summary>
    public Sandbox.CommandSandbox? Sandbox { get; init; }

    /// <summary>
    /// The attempt's cgroup the command's first process joins before it execs anything (see <see cref="Cgroups.AttemptCgroup"/>);
    /// whatever is left in it when the command exits is killed with the group's leftovers. Null: no cgroup of its own.
    /// </summary>
    public Cgroups.AttemptCgroup? Cgroup { get; init; }
}
