using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Worker.Execution;

namespace Stamina.Worker.Hooks;

/// <summary>The pre-task and post-task hooks of one attempt, each run in its worktree with the item as JSON on stdin.</summary>
public sealed class AttemptHooks(HookRunner runner, IOptions<WorkerSettings> options)
{
    readonly WorkerSettings settings = options.Value;

    /// <summary>Runs the pre-task hook, if there is one; null when there is none.</summary>
    public Task<HookRun?> BeforeAsync(ExecuteWorkItem item, int attempt, PreparedAttempt prepared, CancellationToken cancellationToken) =>
        RunAsync("pre-task", settings.Hooks.PreTask, Input("preTask", item, attempt, prepared), item.WorkItemId, prepared, cancellationToken);

    /// <summary>Runs the post-task hook after a successful command, if there is one; null when there is none.</summary>
    public Task<HookRun?> AfterAsync(ExecuteWorkItem item, int attempt, PreparedAttempt prepared, CompleteAttempt completion,
        CancellationToken cancellationToken)
    {
        var input = Input("postTask", item, attempt, prepared) with
        {
            Outcome = new HookOutcome
            {
                Outcome = AttemptOutcomes.Of(completion.Outcome),
                ExitCode = completion.ExitCode,
                HeadCommit = completion.Result?.HeadCommit,
                Commits = completion.Result?.Commits ?? 0,
                FilesChanged = completion.Result?.FilesChanged ?? 0,
            },
        };
        return RunAsync("post-task", settings.Hooks.PostTask, input, item.WorkItemId, prepared, cancellationToken);
    }

    async Task<HookRun?> RunAsync(string name, HookCommand? hook, HookInput input, Guid itemId, PreparedAttempt prepared,
        CancellationToken cancellationToken) =>
        hook is null ? null : await runner.RunAsync(name, hook, prepared.Worktree, input, itemId, cancellationToken);

    HookInput Input(string hook, ExecuteWorkItem item, int attempt, PreparedAttempt prepared) => new()
    {
        Hook = hook,
        Worker = settings.Name,
        Pool = item.Pool,
        Account = settings.Account,
        Id = item.WorkItemId,
        Attempt = attempt,
        Repo = item.Repo,
        Prompt = prepared.TaskFor(item),
        Labels = item.Labels,
        Worktree = prepared.Worktree,
        Branch = prepared.Branch,
    };
}
