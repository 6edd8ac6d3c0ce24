using Stamina.ServiceDefaults.Validation;

namespace Stamina.Worker.Execution;

/// <summary>An attempt's worktree, ready for its command: where it came from and where its work goes.</summary>
public sealed record PreparedAttempt(RepositoryAddress Repository, string Branch, string BaseCommit, string Worktree);
