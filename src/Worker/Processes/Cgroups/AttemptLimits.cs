namespace Stamina.Worker.Processes.Cgroups;

/// <summary>
/// Limits on an attempt's command as a whole (every process it starts, together), kept by a cgroup of its own:
/// memory (the kernel's OOM killer ends a process over it), processes (a fork fails at the limit) and CPU time per
/// period (the command is throttled, never killed, at the quota).
/// </summary>
public sealed record AttemptLimits
{
    public long? MemoryBytes { get; init; }

    public int? MaxProcesses { get; init; }

    /// <summary>Cores' worth of CPU time: 1.5 is 150 % of one core.</summary>
    public double? Cpus { get; init; }

    public bool IsEmpty => MemoryBytes is null && MaxProcesses is null && Cpus is null;

    /// <summary>The controllers these limits need, in a fixed order.</summary>
    public IReadOnlyList<string> Controllers =>
    [
        .. MemoryBytes is null ? Array.Empty<string>() : [CgroupLayout.Memory],
        .. MaxProcesses is null ? Array.Empty<string>() : [CgroupLayout.Pids],
        .. Cpus is null ? Array.Empty<string>() : [CgroupLayout.Cpu],
    ];
}
