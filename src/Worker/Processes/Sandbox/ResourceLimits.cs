namespace Stamina.Worker.Processes.Sandbox;

/// <summary>
/// Per-process rlimits (setrlimit, inherited by every child): address space, CPU seconds, open files. They
/// bind each process, not the attempt as a whole (that needs a cgroup, see docs/security.md).
/// </summary>
public sealed record ResourceLimits
{
    public long? MemoryBytes { get; init; }

    public long? CpuSeconds { get; init; }

    public long? OpenFiles { get; init; }

    public bool IsEmpty => MemoryBytes is null && CpuSeconds is null && OpenFiles is null;
}
