using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Dependencies;

/// <summary>What a Pending item's dependencies say now: wait, release it (from a branch, or its own base ref), or skip it.</summary>
public sealed record DependencyDecision(string Verdict, string? BaseBranch = null, string? Reason = null)
{
    public const string Wait = "wait";
    public const string Release = "release";
    public const string Skip = "skip";

    /// <summary>
    /// The rule, in one place: any dependency ended without success skips the item (unless its policy is "run");
    /// otherwise it waits until every dependency ended; then it is released, from its baseFrom's result branch when
    /// that dependency succeeded (a failed baseFrom under "run" falls back to the item's own base ref).
    /// </summary>
    public static DependencyDecision For(IReadOnlyList<DependencyRow> dependencies, string policy)
    {
        if (policy != DependencyPolicies.Run
            && dependencies.FirstOrDefault(d => WorkItemStates.IsUnsuccessful(d.State)) is { } broken)
        {
            return new DependencyDecision(Skip, Reason: $"dependency {broken.Name} {Ended(broken.State)}");
        }

        if (dependencies.Any(d => !WorkItemStates.IsFinished(d.State)))
            return new DependencyDecision(Wait);
        var baseFrom = dependencies.FirstOrDefault(d => d.BaseFrom && d.State == WorkItemStates.Succeeded);
        return new DependencyDecision(Release, BaseBranch: baseFrom?.Branch);
    }

    static string Ended(string state) => state switch
    {
        WorkItemStates.Cancelled => "was cancelled",
        WorkItemStates.Skipped => "was skipped",
        _ => "failed",
    };
}
