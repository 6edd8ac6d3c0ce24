using Stamina.Contracts;
using Stamina.ServiceDefaults.Validation;

namespace Stamina.Worker.Execution;

/// <summary>
/// An attempt's worktree, ready for its command: where it came from and where its work goes.
/// <see cref="BaseCommit"/> is what results are measured against; the worktree starts at
/// <see cref="StartCommit"/>, an earlier attempt's checkpoint when there is one.
/// </summary>
public sealed record PreparedAttempt(RepositoryAddress Repository, string Branch, string BaseCommit, string Worktree)
{
    public string StartCommit { get; init; } = BaseCommit;

    /// <summary>The checkpoint this attempt continues from, if any.</summary>
    public ResumePoint? ResumedFrom { get; init; }

    /// <summary>The item's task file, read at the base commit; null when the item has a prompt.</summary>
    public string? TaskText { get; init; }
}
