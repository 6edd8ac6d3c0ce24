using Stamina.Testing;
using Stamina.Worker.Processes.Cgroups;

namespace Stamina.Worker.Tests.Processes.Cgroups;

/// <summary>This machine's cgroups for tests, or the test is skipped with the reason (failed in CI).</summary>
static class RealCgroups
{
    public static readonly AttemptLimits AllLimits = new() { MemoryBytes = 64L << 20, MaxProcesses = 30, Cpus = 0.5 };

    /// <summary>The worker's cgroups with <paramref name="limits"/>, named for a worker of <paramref name="workDir"/>.</summary>
    public static AttemptCgroups Require(string workDir, AttemptLimits? limits = null)
    {
        limits ??= AllLimits;
        var cgroups = AttemptCgroups.Start(new WorkerSettings
        {
            Name = "cgtest",
            WorkDir = workDir,
            AttemptMemoryBytes = limits.MemoryBytes,
            AttemptMaxProcesses = limits.MaxProcesses,
            AttemptCpus = limits.Cpus,
        });
        if (cgroups.Problem is { } problem)
            CiRequirement.Skip($"cgroups cannot be used here (run as root with a writable cgroupfs): {problem}");
        return cgroups;
    }
}
