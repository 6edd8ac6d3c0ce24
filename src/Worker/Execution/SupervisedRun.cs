using Stamina.Worker.Processes;
using Stamina.Worker.Processes.Cgroups;

namespace Stamina.Worker.Execution;

/// <summary>How a supervised command ended, including which of our limits killed it.</summary>
public sealed record SupervisedRun(ChildProcessResult Result, bool Stalled, bool OverBudget, bool OverTurns)
{
    /// <summary>The attempt's cgroup limit that ended a process of the command (and so the command); null when none did.</summary>
    public CgroupBreach? Breach { get; init; }
}
