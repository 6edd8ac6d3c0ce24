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

    /// <summary>
    /// The task the agent gets: the prompt, or the task file's text followed by a prompt when there is one too (a
    /// pipeline's revision of a task-file step carries the reviewer's feedback as its prompt).
    /// </summary>
    public string TaskFor(ExecuteWorkItem item) => TaskText is not { } text ? item.Prompt
        : string.IsNullOrWhiteSpace(item.Prompt) ? text
        : text.TrimEnd() + "\n\n" + item.Prompt.Trim();
}
