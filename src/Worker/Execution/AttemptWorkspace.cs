using System.Diagnostics;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Telemetry;
using Stamina.ServiceDefaults.Validation;
using Stamina.Worker.Git;
using Stamina.Worker.Telemetry;

namespace Stamina.Worker.Execution;

/// <summary>The git side of an attempt: a fresh mirror and a worktree before, commit, push and diff after.</summary>
public sealed class AttemptWorkspace(
    MirrorCache mirrors,
    WorktreeManager worktrees,
    WorktreeChanges changes,
    WorkerMetrics metrics,
    IOptions<WorkerSettings> options,
    ILogger<AttemptWorkspace> logger)
{
    readonly WorkerSettings settings = options.Value;

    /// <exception cref="AttemptSetupException">The item's input or repository does not allow a start.</exception>
    public async Task<PreparedAttempt> PrepareAsync(ExecuteWorkItem item, int attempt, ResumePoint? resume, CancellationToken cancellationToken)
    {
        using var span = StaminaActivities.Source.StartActivity(StaminaActivities.Worktree);
        span?.SetTag(StaminaActivities.ItemId, item.WorkItemId).SetTag(StaminaActivities.Attempt, attempt);
        // The coordinator checked the address against its allow-list; without one of its own the worker
        // still refuses every unsafe form.
        IReadOnlyList<string> roots = settings.AllowedLocalRoots.Count > 0 ? settings.AllowedLocalRoots : ["/"];
        if (!RepositoryAddress.TryParse(item.Repo, roots, out var repository, out var repoError))
            throw new AttemptSetupException(ErrorClasses.Invalid, repoError);
        if (item.BaseRef != MirrorCache.DefaultBranch && !GitRefRules.IsValidBaseRef(item.BaseRef, out var refError))
            throw new AttemptSetupException(ErrorClasses.Invalid, refError);
        if (item.Agent.TaskFile is { } taskFile && !TaskFilePath.IsValid(taskFile, out var taskFileError))
            throw new AttemptSetupException(ErrorClasses.Invalid, taskFileError);

        var started = Stopwatch.GetTimestamp();
        var branch = BranchNames.ForAttempt(settings.BranchPrefix, item.WorkItemId, attempt);
        try
        {
            var mirror = await metrics.TimeAsync(GitOperation.Fetch, () => mirrors.EnsureFreshAsync(repository, item.BaseRef, cancellationToken));
            // The checkpoint first: its branch is fetched on demand, and brings the original base with it.
            var startCommit = await VerifyOrNullAsync(mirror, resume?.Commit, resume?.Branch, cancellationToken);
            var baseCommit = await VerifyOrNullAsync(mirror, resume?.BaseCommit, null, cancellationToken)
                ?? await mirrors.ResolveCommitAsync(mirror, item.BaseRef, cancellationToken);
            if (resume is not null && startCommit is null)
                logger.LogWarning("Checkpoint {Commit} of {WorkItemId} attempt {Attempt} is gone; starting from the base", resume.Commit, item.WorkItemId, resume.Attempt);
            var taskText = item.Agent.TaskFile is { } path
                ? await mirrors.ReadFileAsync(mirror, baseCommit, path, settings.MaxTaskFileBytes, cancellationToken)
                : null;
            var worktree = await metrics.TimeAsync(GitOperation.Worktree, () => worktrees.CreateAsync(mirror, item.WorkItemId, attempt, startCommit ?? baseCommit, branch, cancellationToken));
            metrics.WorktreeReady(started);
            return new PreparedAttempt(repository, branch, baseCommit, worktree)
            {
                StartCommit = startCommit ?? baseCommit,
                ResumedFrom = startCommit is null ? null : resume,
                TaskText = taskText,
            };
        }
        catch (TaskFileException exception)
        {
            throw new AttemptSetupException(ErrorClasses.Invalid, exception.Message, exception);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new AttemptSetupException(ErrorClasses.Git, exception.Message, exception);
        }
    }

    /// <summary>
    /// A checkpoint is a full commit id: only that exact commit will do, never a ref of the same name. Attempt
    /// branches are not in the mirror's usual fetch, so a checkpoint's own <paramref name="branch"/> is fetched when needed.
    /// </summary>
    async Task<string?> VerifyOrNullAsync(string mirror, string? commit, string? branch, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(commit))
            return null;
        try
        {
            return string.IsNullOrEmpty(branch)
                ? await mirrors.VerifyCommitAsync(mirror, commit, cancellationToken)
                : await mirrors.EnsureCommitAsync(mirror, commit, branch, cancellationToken);
        }
        catch (Exception exception) when (exception is GitRefNotFoundException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Pushes the work in progress to the attempt's branch without disturbing the agent; null when nothing
    /// changed. A failure is logged and tried again at the next interval.
    /// </summary>
    public async Task<Checkpoint?> CheckpointAsync(PreparedAttempt prepared, Guid itemId, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            var commit = await metrics.TimeAsync(GitOperation.Checkpoint, () => changes.CheckpointAsync(prepared.Worktree, prepared.Repository, prepared.Branch, settings.AuthorName,
                settings.AuthorEmail, $"stamina: checkpoint of item {itemId:N} attempt {attempt}", cancellationToken));
            if (commit is null)
                return null;
            logger.LogInformation("Checkpoint {Commit} of {WorkItemId} attempt {Attempt} pushed to {Branch}", commit, itemId, attempt, prepared.Branch);
            return new Checkpoint { Branch = prepared.Branch, Commit = commit, BaseCommit = prepared.BaseCommit, At = DateTimeOffset.UtcNow };
        }
        catch (Exception exception)
        {
            // Never the attempt's failure, nor its abort: a checkpoint is a copy, and the next one comes soon.
            logger.LogWarning("Checkpoint of {WorkItemId} attempt {Attempt} failed: {Message}", itemId, attempt, exception.Message);
            return null;
        }
    }

    /// <summary>
    /// Commits whatever the command left and pushes the branch: a failed or released attempt keeps its work
    /// too. Only a failed commit or push fails here; the diff summary is best effort once the work is safe.
    /// </summary>
    public async Task<AttemptResult> SaveAsync(PreparedAttempt prepared, Guid itemId, int attempt)
    {
        using var span = StaminaActivities.Source.StartActivity(StaminaActivities.Push);
        span?.SetTag(StaminaActivities.ItemId, itemId).SetTag(StaminaActivities.Attempt, attempt);
        await changes.CommitAllAsync(prepared.Worktree, settings.AuthorName, settings.AuthorEmail,
            $"stamina: item {itemId:N} attempt {attempt}", CancellationToken.None);
        await metrics.TimeAsync(GitOperation.Push, () => changes.PushAsync(prepared.Worktree, prepared.Repository, prepared.Branch, CancellationToken.None));
        var result = new AttemptResult { Branch = prepared.Branch, BaseCommit = prepared.BaseCommit };
        try
        {
            var diff = await changes.DiffSummaryAsync(prepared.Worktree, prepared.BaseCommit, CancellationToken.None);
            return result with
            {
                HeadCommit = diff.HeadCommit,
                Commits = diff.Commits,
                FilesChanged = diff.FilesChanged,
                Insertions = diff.Insertions,
                Deletions = diff.Deletions,
            };
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "The diff summary of {Branch} failed; the work is pushed", prepared.Branch);
            return result;
        }
    }

    /// <summary>
    /// Retires a finished attempt's worktree in the background, off the way to its result: kept as a spare for the next
    /// item of its repository, or removed (<see cref="WorktreeManager.RetireAsync"/>). A failure is logged, never the
    /// attempt's (the next start sweeps what is left).
    /// </summary>
    public void RetireInBackground(PreparedAttempt prepared)
    {
        PromptFile.Remove(PromptFile.PathFor(settings.ResolveWorkDir(), prepared.Worktree));
        _ = worktrees.RetireInBackgroundAsync(prepared.Worktree).ContinueWith(
            removal => logger.LogWarning(removal.Exception, "Retiring the worktree {Worktree} failed", prepared.Worktree),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>Keeps the worktree for inspection, then trims the kept ones to the disk budget.</summary>
    public async Task KeepAsync(PreparedAttempt prepared)
    {
        PromptFile.Remove(PromptFile.PathFor(settings.ResolveWorkDir(), prepared.Worktree));
        worktrees.MarkKept(prepared.Worktree);
        try
        {
            await worktrees.PruneKeptWorktreesAsync(settings.KeptWorktreeBytes, CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Pruning kept worktrees failed");
        }
    }
}
