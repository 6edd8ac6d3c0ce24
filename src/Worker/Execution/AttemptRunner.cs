using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Worker.Agents;
using Stamina.Worker.Fleet;
using Stamina.Worker.Processes;

namespace Stamina.Worker.Execution;

/// <summary>
/// One claimed attempt: worktree, command or agent, checkpoints, commit, push, result. Work is pushed
/// before the result is sent and before the worktree goes, so finished work is never lost. Under a lost
/// lease or a cancellation the process tree is killed and nothing is submitted.
/// </summary>
public sealed class AttemptRunner(
    AttemptWorkspace workspace,
    AttemptCommandFactory commands,
    CommandSupervisor supervisor,
    LeaseKeeper leases,
    CompletionSender completions,
    RunningAttempts running,
    WorkerActivity activity,
    DrainSignal drain,
    CommandLedger ledger,
    AccountGate account,
    IPublishEndpoint publisher,
    TimeProvider clock,
    IOptions<WorkerSettings> options,
    ILogger<AttemptRunner> logger)
{
    static readonly TimeSpan LoginCheckLimit = TimeSpan.FromSeconds(30);

    /// <summary>A checkpoint push that takes longer is given up; the next interval tries again.</summary>
    static readonly TimeSpan CheckpointLimit = TimeSpan.FromMinutes(2);

    readonly WorkerSettings settings = options.Value;

    /// <param name="resume">The newest checkpoint of an earlier attempt, from the claim: the attempt starts there.</param>
    public async Task RunAsync(ExecuteWorkItem item, int attempt, ResumePoint? resume)
    {
        using var current = running.Start(item.WorkItemId, attempt);
        activity.Begin(item.WorkItemId, attempt);
        using var stopLease = new CancellationTokenSource();
        var lease = leases.KeepAsync(current, stopLease.Token);
        using var onShutdown = drain.ReleaseNow.Register(() => current.Abort(AbortReason.Shutdown));
        try
        {
            var completion = await ExecuteAsync(item, resume, current, new AttemptEndings(item, attempt, settings.Name, settings.Account));
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

    async Task<CompleteAttempt?> ExecuteAsync(ExecuteWorkItem item, ResumePoint? resume, RunningAttempt current, AttemptEndings endings)
    {
        PreparedAttempt prepared;
        try
        {
            prepared = await workspace.PrepareAsync(item, current.Attempt, resume, current.Aborted);
        }
        catch (OperationCanceledException) when (current.Reason != AbortReason.None)
        {
            return current.Reason == AbortReason.Shutdown ? endings.Released("the worker shut down before the command started", null) : null;
        }
        catch (AttemptSetupException exception)
        {
            return Failed(endings, item, current, exception.ErrorClass, exception.Message);
        }

        AttemptCommand command;
        try
        {
            command = commands.Create(item, current.Attempt, prepared);
        }
        catch (AttemptSetupException exception)
        {
            await workspace.KeepAsync(prepared);
            return Failed(endings, item, current, exception.ErrorClass, exception.Message);
        }
        catch (HarnessUnavailableException exception)
        {
            await workspace.KeepAsync(prepared);
            return Unavailable(item, endings, exception.Message);
        }
        if (command.Agent is { } stream)
            current.Progress = () => stream.Progress;

        if (await CheckLoginAsync(item, current, command) is { } refusal)
        {
            await workspace.KeepAsync(prepared);
            return endings.NotLoggedIn(refusal);
        }

        logger.LogInformation("Running {WorkItemId} attempt {Attempt} ({Harness}) in {Worktree}{Resumed}", item.WorkItemId, current.Attempt,
            item.Harness, prepared.Worktree, prepared.ResumedFrom is { } from ? $", continuing attempt {from.Attempt} from {from.Commit}" : "");
        SupervisedRun? run;
        await using (var transcript = new TranscriptShipper(publisher, item.WorkItemId, current.Attempt, settings.TranscriptMaxBytes, clock, logger))
        {
            try
            {
                run = await RunCommandAsync(item, current, prepared, command, transcript);
            }
            catch (OperationCanceledException) when (current.Reason is AbortReason.LeaseLost or AbortReason.Cancelled)
            {
                logger.LogWarning("{WorkItemId} attempt {Attempt} stopped ({Reason}); submitting nothing", item.WorkItemId, current.Attempt, current.Reason);
                await transcript.CompleteAsync();
                await SaveQuietlyAsync(prepared, item, current);
                await workspace.KeepAsync(prepared);
                return null;
            }
            catch (ExecutableNotFoundException exception) when (command.Agent is not null)
            {
                // The agent CLI is missing on this worker: the worker's fault, so the item goes to another.
                await transcript.CompleteAsync();
                await workspace.KeepAsync(prepared);
                return Unavailable(item, endings, exception.Message);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A missing or non-executable program of the command harness: the item's fault, reported as its failure.
                await transcript.CompleteAsync();
                await workspace.KeepAsync(prepared);
                return Failed(endings, item, current, "start", exception.Message);
            }
            await transcript.CompleteAsync();
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
        // Null means the shutdown killed the command; one that ended by itself reports how it ended.
        var completion = run is null
            ? endings.Released("the worker shut down; the work so far is on the branch", result) with { Progress = command.Agent?.Progress }
            : command.Agent is { } agent
                ? Classify(item, current.Attempt, command, agent, run, result, endings)
                : endings.Finished(run.Result, result);
        if (completion.Outcome == AttemptOutcome.Succeeded)
            await workspace.RemoveAsync(prepared);
        else
            await workspace.KeepAsync(prepared);
        return completion;
    }

    CompleteAttempt Classify(ExecuteWorkItem item, int attempt, AttemptCommand command, IAgentStream agent, SupervisedRun run, AttemptResult result, AttemptEndings endings)
    {
        var progress = agent.Progress;
        var ending = agent.Classify(new AgentExit
        {
            ExitCode = run.Result.ExitCode,
            KilledByUs = run.Result.KilledByUs,
            TimedOut = run.Result.TimedOut,
            Stalled = run.Stalled,
            // An agent that does not stop at its budget is over it when it ends, too.
            OverBudget = run.OverBudget || progress.CostUsd > command.Limits.MaxBudgetUsd,
            OverTurns = run.OverTurns,
            StandardErrorTail = run.Result.StandardErrorTail,
        });
        DateTimeOffset? limitedUntil = null;
        switch (ending.Kind)
        {
            case AgentEndingKind.UsageLimit:
                limitedUntil = ending.LimitResetsAt ?? clock.GetUtcNow() + settings.UsageLimitBackoff;
                logger.LogWarning("Account {Account} hit a usage limit on {WorkItemId}; releasing it and taking no work until {Until}",
                    settings.Account, item.WorkItemId, limitedUntil);
                account.Limit(limitedUntil.Value);
                break;
            case AgentEndingKind.AuthFailure:
                logger.LogError("Account {Account} cannot log in to {Harness}: {Message}. Paused until an operator resumes this worker",
                    settings.Account, item.Harness, ending.Message);
                account.Pause($"{item.Harness} login failed for account {settings.Account ?? "(default)"}: {ending.Message}");
                break;
            default:
                logger.LogInformation("{WorkItemId} attempt {Attempt} ended: {Kind} ({Turns} turns, {Cost} USD)", item.WorkItemId,
                    attempt, ending.Kind, progress.Turns, progress.CostUsd);
                break;
        }
        return endings.FromAgent(ending, run, result, progress, agent.FinalText, limitedUntil);
    }

    /// <summary>Runs the harness's login check, if it has one; the refusal's text when the account is not logged in.</summary>
    async Task<string?> CheckLoginAsync(ExecuteWorkItem item, RunningAttempt current, AttemptCommand command)
    {
        if (command.LoginCheck is not { } check)
            return null;
        ChildProcessResult result;
        try
        {
            result = await ChildProcessRunner.RunAsync(command.Options with { Command = check, StandardInput = null }, LoginCheckLimit, current.Aborted);
        }
        catch (Exception)
        {
            // A missing executable, or the attempt was aborted: the run step reports either as it should.
            return null;
        }
        // Only a clear "no": a check that hung or was killed says nothing about the login.
        if (result.Succeeded || result.KilledByUs)
            return null;
        var why = $"{string.Join(' ', check)} exited {result.ExitCode}: {(result.StandardErrorTail + result.StandardOutputTail).Trim()}";
        logger.LogError("Account {Account} is not logged in to {Harness} ({Why}). Paused until an operator resumes this worker",
            settings.Account, item.Harness, why);
        account.Pause($"{item.Harness} login failed for account {settings.Account ?? "(default)"}: {why}");
        return why;
    }

    /// <summary>Runs the command; null when the worker's shutdown stopped it (its partial work is still saved).</summary>
    async Task<SupervisedRun?> RunCommandAsync(ExecuteWorkItem item, RunningAttempt current, PreparedAttempt prepared, AttemptCommand command,
        TranscriptShipper transcript)
    {
        var groupId = 0;
        try
        {
            return await supervisor.RunAsync(command, item.Timeout, current, transcript,
                started: id => ledger.Record(groupId = id, item.WorkItemId),
                checkpoint: async () =>
                {
                    using var limit = new CancellationTokenSource(CheckpointLimit);
                    if (await workspace.CheckpointAsync(prepared, item.WorkItemId, current.Attempt, limit.Token) is { } checkpoint)
                        current.LatestCheckpoint = checkpoint;
                },
                settings.CheckpointInterval);
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

    /// <summary>
    /// Pushes a stopped attempt's work to its own branch (no other attempt writes it), so that nothing done
    /// since the last checkpoint is lost when a later attempt reuses the worktree's path. Best effort.
    /// </summary>
    async Task SaveQuietlyAsync(PreparedAttempt prepared, ExecuteWorkItem item, RunningAttempt current)
    {
        try
        {
            await workspace.SaveAsync(prepared, item.WorkItemId, current.Attempt);
        }
        catch (Exception exception)
        {
            logger.LogWarning("The work of stopped {WorkItemId} attempt {Attempt} was not pushed: {Message}", item.WorkItemId, current.Attempt, exception.Message);
        }
    }

    /// <summary>This worker cannot run the agent: it pauses for a human, and the item goes back without a failure.</summary>
    CompleteAttempt Unavailable(ExecuteWorkItem item, AttemptEndings endings, string why)
    {
        logger.LogError("This worker cannot run the {Harness} harness ({Why}). Paused until an operator resumes it", item.Harness, why);
        account.Pause($"cannot run {item.Harness}: {why}");
        return endings.Unavailable(why);
    }

    CompleteAttempt Failed(AttemptEndings endings, ExecuteWorkItem item, RunningAttempt current, string errorClass, string message)
    {
        logger.LogWarning("{WorkItemId} attempt {Attempt} failed ({ErrorClass}): {Message}", item.WorkItemId, current.Attempt, errorClass, message);
        return endings.Failed(errorClass, message);
    }
}
