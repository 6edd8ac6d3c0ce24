namespace Stamina.Coordinator.Dependencies;

/// <summary>What a dependant does when one of its dependencies fails, is cancelled or is skipped (<c>onDependencyFailure</c>).</summary>
public static class DependencyPolicies
{
    /// <summary>The default: the dependant ends as Skipped, with the reason.</summary>
    public const string Skip = "skip";

    /// <summary>The dependant is released anyway once all its dependencies ended (from its baseRef if its baseFrom failed).</summary>
    public const string Run = "run";

    public static readonly IReadOnlyList<string> All = [Skip, Run];
}
