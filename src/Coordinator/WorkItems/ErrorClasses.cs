namespace Stamina.Coordinator.WorkItems;

/// <summary>The error classes that decide what happens next; the rest are retried while attempts remain.</summary>
public static class ErrorClasses
{
    public const string UsageLimit = "usage_limit";
    public const string Auth = "auth";

    /// <summary>
    /// Another attempt would repeat these: the agent itself gave up, a per-item budget ran out, or the
    /// item cannot start. Retrying a spent budget would spend it again.
    /// </summary>
    static readonly HashSet<string> Permanent = ["agent_error", "max_turns", "max_budget", "invalid"];

    public static bool IsPermanent(string? errorClass) => errorClass is not null && Permanent.Contains(errorClass);
}
