using System.Globalization;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Validation;
using Stamina.Worker.Fleet;
using Stamina.Worker.Git;
using Stamina.Worker.Processes;

namespace Stamina.Worker.Execution;

/// <summary>
/// One claimed attempt: worktree, command, commit, push, result. Work is pushed before the result is
/// sent and before the worktree goes, so finished work is never lost. Under a lost lease or a
/// cancellation the process tree is killed and nothing is submitted.
/// </summary>
public sealed class AttemptRunner(
    MirrorCache mirrors,
    WorktreeManager worktrees,
    WorktreeChanges changes,
    LeaseKeeper leases,
    CompletionSender completions,
    RunningAttempts running,
    WorkerActivity activity,
    DrainSignal drain,
    CommandLedger ledger,
    IOptions<WorkerSettings> options,
    ILogger<AttemptRunner> logger)
{
    readonly WorkerSettings settings = options.Value;

    public async Task RunAsync(ExecuteWorkItem item, int attempt)
    {
        using var current = running.Start(item.WorkItemId, attempt);
        activity.Begin(item.WorkItemId, attempt);
        using var stopLease = new CancellationTokenSource();
        var lease = leases.KeepAsync(current, stopLease.Token);
        using var onShutdown = drain.ReleaseNow.Register(() => current.Abort(AbortReason.Shutdown));
        try
        {
            var completion = await ExecuteAsync(item, current);
            if (completion is not null)
                await completions.SendAsync(completion, CancellationToken.None);
        }
        finally
        {
            await stopLease.CancelAsync();
            await lease;
            running.Finish(current);
            activity.End();
        }
    }

    async Task<CompleteAttempt?> ExecuteAsync(ExecuteWorkItem item, RunningAttempt current)
    {
        var attempt = current.Attempt;
        // The coordinator checked the address against its allow-list; without one of its own the worker
        // still refuses every unsafe form.
        IReadOnlyList<string> roots = settings.AllowedLocalRoots.Count > 0 ? settings.AllowedLocalRoots : ["/"];
        if (!RepositoryAddress.TryParse(item.Repo, roots, out var repository, out var repoError))
            return Failure(item, attempt, "invalid", repoError);
        if (item.BaseRef != MirrorCache.DefaultBranch && !GitRefRules.IsValidBaseRef(item.BaseRef, out var refError))
            return Failure(item, attempt, "invalid", refError);
        if (item.Command.Length == 0)
            return Failure(item, attempt, "invalid", "command: empty");

        var branch = BranchNames.ForAttempt(settings.BranchPrefix, item.WorkItemId, attempt);
        string worktree;
        string baseCommit;
        try
        {
            var mirror = await mirrors.EnsureFreshAsync(repository, current.Aborted);
            baseCommit = await mirrors.ResolveCommitAsync(mirror, item.BaseRef, current.Aborted);
            worktree = await worktrees.CreateAsync(mirror, item.WorkItemId, attempt, baseCommit, branch, current.Aborted);
        }
        catch (OperationCanceledException) when (current.Reason != AbortReason.None)
        {
            return current.Reason == AbortReason.Shutdown ? Released(item, attempt, "the worker shut down before the command started", null) : null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whatever went wrong preparing the worktree is this attempt's failure, never the worker's crash.
            return Failure(item, attempt, "git", exception.Message);
        }

        logger.LogInformation("Running {WorkItemId} attempt {Attempt} in {Worktree}", item.WorkItemId, attempt, worktree);
        ChildProcessResult? outcome = null;
        var groupId = 0;
        try
        {
            outcome = await ChildProcessRunner.RunAsync(new ChildProcessOptions
            {
                Command = item.Command,
                WorkingDirectory = worktree,
                StandardInput = item.Prompt,
                TailBytes = settings.OutputTailBytes,
                Environment = CommandEnvironment.For(item, attempt),
            }, item.Timeout, current.Aborted, started: id => ledger.Record(groupId = id));
        }
        catch (OperationCanceledException) when (current.Reason is AbortReason.LeaseLost or AbortReason.Cancelled)
        {
            logger.LogWarning("{WorkItemId} attempt {Attempt} stopped ({Reason}); submitting nothing", item.WorkItemId, attempt, current.Reason);
            worktrees.MarkKept(worktree);
            return null;
        }
        catch (OperationCanceledException) when (current.Reason == AbortReason.Shutdown)
        {
            // Fall through: the partial work is committed and pushed, then the item released.
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A missing or non-executable program, most often: the item's fault, reported as its failure.
            worktrees.MarkKept(worktree);
            return Failure(item, attempt, "start", exception.Message);
        }
        finally
        {
            if (groupId != 0)
                ledger.Forget(groupId);
        }

        try
        {
            // Save the work first, whatever happened: a released or failed attempt keeps its branch too.
            await changes.CommitAllAsync(worktree, settings.AuthorName, settings.AuthorEmail,
                $"stamina: item {item.WorkItemId:N} attempt {attempt}", CancellationToken.None);
            await changes.PushAsync(worktree, repository, branch, CancellationToken.None);
            var diff = await changes.DiffSummaryAsync(worktree, baseCommit, CancellationToken.None);
            var result = new AttemptResult
            {
                Branch = branch,
                BaseCommit = diff.BaseCommit,
                HeadCommit = diff.HeadCommit,
                Commits = diff.Commits,
                FilesChanged = diff.FilesChanged,
                Insertions = diff.Insertions,
                Deletions = diff.Deletions,
                Summary = Tail(outcome?.StandardOutputTail ?? "", 2000),
            };
            if (outcome is null || current.Reason == AbortReason.Shutdown)
            {
                worktrees.MarkKept(worktree);
                return Released(item, attempt, "the worker shut down; the work so far is on the branch", result);
            }
            var completion = new CompleteAttempt
            {
                WorkItemId = item.WorkItemId,
                Attempt = attempt,
                Worker = settings.Name,
                ExitCode = outcome.KilledByUs ? null : outcome.ExitCode,
                Result = result,
            };
            if (outcome.TimedOut)
            {
                worktrees.MarkKept(worktree);
                return completion with { Outcome = AttemptOutcome.TimedOut, ErrorClass = "timeout", Message = $"killed after its timeout of {item.Timeout}" };
            }
            if (outcome.ExitCode != 0)
            {
                worktrees.MarkKept(worktree);
                return completion with { Outcome = AttemptOutcome.Failed, ErrorClass = "exit", Message = Tail(outcome.StandardErrorTail, 4000) };
            }
            await worktrees.RemoveAsync(worktree, CancellationToken.None);
            return completion with { Outcome = AttemptOutcome.Succeeded };
        }
        catch (Exception exception)
        {
            worktrees.MarkKept(worktree);
            return Failure(item, attempt, "git", exception.Message);
        }
        finally
        {
            await PruneKeptAsync();
        }
    }

    async Task PruneKeptAsync()
    {
        try
        {
            await worktrees.PruneKeptWorktreesAsync(settings.KeptWorktreeBytes, CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Pruning kept worktrees failed");
        }
    }

    CompleteAttempt Released(ExecuteWorkItem item, int attempt, string message, AttemptResult? result) => new()
    {
        WorkItemId = item.WorkItemId,
        Attempt = attempt,
        Worker = settings.Name,
        Outcome = AttemptOutcome.Released,
        ErrorClass = "shutdown",
        Message = message,
        Result = result,
    };

    CompleteAttempt Failure(ExecuteWorkItem item, int attempt, string errorClass, string message)
    {
        logger.LogWarning("{WorkItemId} attempt {Attempt} failed ({ErrorClass}): {Message}", item.WorkItemId, attempt, errorClass, message);
        return new CompleteAttempt
        {
            WorkItemId = item.WorkItemId,
            Attempt = attempt,
            Worker = settings.Name,
            Outcome = AttemptOutcome.Failed,
            ErrorClass = errorClass,
            Message = Tail(message, 4000),
        };
    }

    static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];
}
