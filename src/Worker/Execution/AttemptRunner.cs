using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Worker.Fleet;
using Stamina.Worker.Processes;

namespace Stamina.Worker.Execution;

/// <summary>
/// One claimed attempt: worktree, command, commit, push, result. Work is pushed before the result is
/// sent and before the worktree goes, so finished work is never lost. Under a lost lease or a
/// cancellation the process tree is killed and nothing is submitted.
/// </summary>
public sealed class AttemptRunner(
    AttemptWorkspace workspace,
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
            var completion = await ExecuteAsync(item, current, new AttemptEndings(item, attempt, settings.Name));
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

    async Task<CompleteAttempt?> ExecuteAsync(ExecuteWorkItem item, RunningAttempt current, AttemptEndings endings)
    {
        PreparedAttempt prepared;
        try
        {
            prepared = await workspace.PrepareAsync(item, current.Attempt, current.Aborted);
        }
        catch (OperationCanceledException) when (current.Reason != AbortReason.None)
        {
            return current.Reason == AbortReason.Shutdown ? endings.Released("the worker shut down before the command started", null) : null;
        }
        catch (AttemptSetupException exception)
        {
            return Failed(endings, item, current, exception.ErrorClass, exception.Message);
        }

        logger.LogInformation("Running {WorkItemId} attempt {Attempt} in {Worktree}", item.WorkItemId, current.Attempt, prepared.Worktree);
        ChildProcessResult? outcome;
        try
        {
            outcome = await RunCommandAsync(item, current, prepared.Worktree);
        }
        catch (OperationCanceledException) when (current.Reason is AbortReason.LeaseLost or AbortReason.Cancelled)
        {
            logger.LogWarning("{WorkItemId} attempt {Attempt} stopped ({Reason}); submitting nothing", item.WorkItemId, current.Attempt, current.Reason);
            await workspace.KeepAsync(prepared);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A missing or non-executable program, most often: the item's fault, reported as its failure.
            await workspace.KeepAsync(prepared);
            return Failed(endings, item, current, "start", exception.Message);
        }

        AttemptResult result;
        try
        {
            result = await workspace.SaveAsync(prepared, item.WorkItemId, current.Attempt);
        }
        catch (Exception exception)
        {
            await workspace.KeepAsync(prepared);
            return Failed(endings, item, current, "git", exception.Message);
        }
        var completion = outcome is null || current.Reason == AbortReason.Shutdown
            ? endings.Released("the worker shut down; the work so far is on the branch", result)
            : endings.Finished(outcome, result);
        if (completion.Outcome == AttemptOutcome.Succeeded)
            await workspace.RemoveAsync(prepared);
        else
            await workspace.KeepAsync(prepared);
        return completion;
    }

    /// <summary>Runs the command; null when the worker's shutdown stopped it (its partial work is still saved).</summary>
    async Task<ChildProcessResult?> RunCommandAsync(ExecuteWorkItem item, RunningAttempt current, string worktree)
    {
        var groupId = 0;
        try
        {
            return await ChildProcessRunner.RunAsync(new ChildProcessOptions
            {
                Command = item.Command,
                WorkingDirectory = worktree,
                StandardInput = item.Prompt,
                TailBytes = settings.OutputTailBytes,
                Environment = CommandEnvironment.For(item, current.Attempt),
            }, item.Timeout, current.Aborted, started: id => ledger.Record(groupId = id, item.WorkItemId));
        }
        catch (OperationCanceledException) when (current.Reason == AbortReason.Shutdown)
        {
            return null;
        }
        finally
        {
            if (groupId != 0)
                ledger.Forget(groupId);
        }
    }

    CompleteAttempt Failed(AttemptEndings endings, ExecuteWorkItem item, RunningAttempt current, string errorClass, string message)
    {
        logger.LogWarning("{WorkItemId} attempt {Attempt} failed ({ErrorClass}): {Message}", item.WorkItemId, current.Attempt, errorClass, message);
        return endings.Failed(errorClass, message);
    }
}
