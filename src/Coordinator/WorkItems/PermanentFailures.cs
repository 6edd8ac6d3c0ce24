using Stamina.Contracts;

namespace Stamina.Coordinator.WorkItems;

/// <summary>The error classes that fail an item at once; the other failures are retried while attempts remain.</summary>
public static class PermanentFailures
{
    /// <summary>
    /// Another attempt would repeat these: the agent itself gave up, a per-item budget ran out, or the
    /// item cannot start. Retrying a spent budget would spend it again.
    /// </summary>
    static readonly HashSet<string> Classes = [ErrorClasses.AgentError, ErrorClasses.MaxTurns, ErrorClasses.MaxBudget, ErrorClasses.Invalid];

    public static bool Includes(string? errorClass) => errorClass is not null && Classes.Contains(errorClass);
}
