using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Redaction;
using Stamina.ServiceDefaults.Telemetry;
using Stamina.Worker.Agents;
using Stamina.Worker.Fleet;
using Stamina.Worker.Hooks;
using Stamina.Worker.Processes;
using Stamina.Worker.Reviews;
using Stamina.Worker.Telemetry;

namespace Stamina.Worker.Execution;

/// <summary>
/// One claimed attempt: worktree, command or agent, checkpoints, commit, push, result. Work is pushed
/// before the result is sent and before the worktree goes, so finished work is never lost. Under a lost
/// lease or a cancellation the process tree is killed and nothing is submitted.
/// Every attempt ends through one path: one try, every exception mapped to an ending
/// (<see cref="EndingFor"/>), one closing step that saves, keeps or removes the worktree (<see cref="CloseAsync"/>).
/// </summary>
public sealed class AttemptRunner(
    AttemptWorkspace workspace,
    AttemptCommandFactory commands,
    CommandSupervisor supervisor,
    ILeaseKeeper leases,
    ICompletionSender completions,
    RunningAttempts running,
    WorkerActivity activity,
    DrainSignal drain,
    CommandLedger ledger,
    AccountGate account,
    AttemptHooks hooks,
    WorkerMetrics metrics,
    IPublishEndpoint publisher,
    TimeProvider clock,
    IOptions<WorkerSettings> options,
    SecretRedactor redactor,
    ILogger<AttemptRunner> logger) : IAttemptRunner
{
    static readonly TimeSpan LoginCheckLimit = TimeSpan.FromSeconds(30);

    /// <summary>A checkpoint push that takes longer is given up; the next interval tries again.</summary>
    static readonly TimeSpan CheckpointLimit = TimeSpan.FromMinutes(2);

    readonly WorkerSettings settings = options.Value;

    /// <param name="claim">The grant: its token, its lease, and the newest checkpoint of an earlier attempt to start from.</param>
    public async Task RunAsync(ExecuteWorkItem item, ClaimGranted claim)
    {
        using var current = running.Start(item.WorkItemId, claim.Attempt, claim.Secret);
        activity.Begin(item.WorkItemId, claim.Attempt);
        using var stopLease = new CancellationTokenSource();
        var lease = leases.KeepAsync(current, claim, stopLease.Token);
        using var onShutdown = drain.ReleaseNow.Register(() => current.Abort(AbortReason.Shutdown));
        try
        {
            var endings = new AttemptEndings(item, claim.Attempt, settings.Name, settings.Account);
            var state = new AttemptState();
            Ending ending;
            try
            {
                ending = await RunToEndAsync(item, claim.Resume, current, endings, state);
            }
            catch (Exception exception)
            {
                ending = EndingFor(exception, item, current, endings, state);
            }
            if (await CloseAsync(ending, state, item, current) is { } completion)
                await completions.SendAsync(completion with { Secret = current.Secret }, CancellationToken.None);
        }
        finally
        {
            await stopLease.CancelAsync();
            await lease;
            running.Finish(current);
            activity.End();
        }
    }

    /// <summary>The way through when nothing goes wrong; anything that does is thrown and mapped by <see cref="EndingFor"/>.</summary>
    async Task<Ending> RunToEndAsync(ExecuteWorkItem item, ResumePoint? resume, RunningAttempt current, AttemptEndings endings, AttemptState state)
    {
        var prepared = state.Prepared = await workspace.PrepareAsync(item, current.Attempt, resume, current.Aborted);
        if (await hooks.BeforeAsync(item, current.Attempt, prepared, current.Aborted) is { Passed: false } hookRefusal)
        {
            logger.LogWarning("The pre-task hook refused {WorkItemId} attempt {Attempt} ({Summary}); releasing it to another worker",
                item.WorkItemId, current.Attempt, hookRefusal.Summary);
            account.Rest(settings.Hooks.RefusalPause);
            return new Ending(endings.RefusedByHook(hookRefusal));
        }
        var command = state.Command = commands.Create(item, current.Attempt, prepared);
        if (command.Agent is { } stream)
            current.Progress = () => stream.Progress;
        if (await CheckLoginAsync(item, current, command) is { } refusal)
            return new Ending(endings.NotLoggedIn(refusal));

        logger.LogInformation("Running {WorkItemId} attempt {Attempt} ({Harness}) in {Worktree}{Resumed}", item.WorkItemId, current.Attempt,
            item.Harness, prepared.Worktree, prepared.ResumedFrom is { } from ? $", continuing attempt {from.Attempt} from {from.Commit}" : "");
        var run = await RunCommandAsync(item, current, prepared, command);
        AttemptResult result;
        try
        {
            result = await workspace.SaveAsync(prepared, item.WorkItemId, current.Attempt);
        }
        catch (Exception exception)
        {
            throw new AttemptSetupException(ErrorClasses.Git, exception.Message, exception);
        }
        state.WorkSaved = true;
        if (run.Breach is { } breach)
            return new Ending(endings.OverLimit(breach, run.Result, result));
        // A reviewer's verdict comes from the agent's answer, or from a command's output.
        var completion = command.Agent is { } agent
            ? ReviewEnding.Apply(Classify(item, current.Attempt, command, agent, run, result, endings), item.Agent.Review, agent.StructuredOutput, agent.FinalText)
            : ReviewEnding.Apply(endings.Finished(run.Result, result), item.Agent.Review, null, run.Result.StandardOutputTail);
        if (completion.Outcome == AttemptOutcome.Succeeded
            && await hooks.AfterAsync(item, current.Attempt, prepared, completion, current.Aborted) is { } check)
        {
            if (!check.Passed)
                logger.LogWarning("The post-task hook failed {WorkItemId} attempt {Attempt}: {Summary}", item.WorkItemId, current.Attempt, check.Summary);
            completion = endings.AfterPostTask(completion, check);
        }
        return new Ending(completion);
    }

    /// <summary>Every way an attempt can be cut short, and what it reports.</summary>
    Ending EndingFor(Exception exception, ExecuteWorkItem item, RunningAttempt current, AttemptEndings endings, AttemptState state)
    {
        var progress = state.Command?.Agent?.Progress;
        switch (exception)
        {
            case OperationCanceledException when current.Reason is AbortReason.Shutdown:
                return new Ending(endings.Released(ErrorClasses.Shutdown,
                    state.Prepared is null ? "the worker shut down before the command started" : "the worker shut down; the work so far is on the branch")
                    with
                { Progress = progress }, SaveWork: true);
            case OperationCanceledException when current.Reason is AbortReason.OutOfTouch:
                return new Ending(endings.Released(ErrorClasses.Outage,
                    $"the coordinator could not confirm the lease for {settings.OutagePatience}; the work so far is on the branch")
                    with
                { Progress = progress }, SaveWork: true);
            case OperationCanceledException:
                logger.LogWarning("{WorkItemId} attempt {Attempt} stopped ({Reason}); submitting nothing", item.WorkItemId, current.Attempt, current.Reason);
                return new Ending(null, SaveWork: true);
            case AttemptSetupException failure:
                return new Ending(Failed(endings, item, current, failure.ErrorClass, failure.Message));
            case HarnessUnavailableException unavailable:
                return new Ending(Unavailable(item, endings, unavailable.Message));
            default:
                logger.LogError(exception, "{WorkItemId} attempt {Attempt} broke unexpectedly", item.WorkItemId, current.Attempt);
                return new Ending(Failed(endings, item, current, ErrorClasses.Crashed, exception.Message));
        }
    }

    /// <summary>
    /// The one closing step. A stopped attempt's work is pushed to its own branch (no other attempt writes it), so
    /// nothing done since the last checkpoint is lost; a succeeded attempt's worktree goes, every other is kept.
    /// </summary>
    async Task<CompleteAttempt?> CloseAsync(Ending ending, AttemptState state, ExecuteWorkItem item, RunningAttempt current)
    {
        var completion = ending.Completion;
        if (state.Prepared is not { } prepared)
            return completion;
        if (ending.SaveWork && !state.WorkSaved && await SaveQuietlyAsync(prepared, item, current) is { } saved && completion is not null)
            completion = completion with { Result = saved };
        try
        {
            if (completion?.Outcome == AttemptOutcome.Succeeded)
                workspace.RetireInBackground(prepared);
            else
                await workspace.KeepAsync(prepared);
        }
        catch (Exception exception)
        {
            // A full disk, say: the worktree stays as it is, and the result must still go out.
            logger.LogWarning(exception, "Tidying the worktree of {WorkItemId} attempt {Attempt} failed", item.WorkItemId, current.Attempt);
        }
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
        metrics.AgentRunEnded(item.Harness, ending.Kind);
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

    /// <exception cref="OperationCanceledException">The attempt was aborted; the process tree is gone.</exception>
    /// <exception cref="HarnessUnavailableException">The agent CLI is missing on this worker: the worker's fault.</exception>
    /// <exception cref="AttemptSetupException">The command's program could not be started: the item's fault.</exception>
    async Task<SupervisedRun> RunCommandAsync(ExecuteWorkItem item, RunningAttempt current, PreparedAttempt prepared, AttemptCommand command)
    {
        using var span = StaminaActivities.Source.StartActivity(StaminaActivities.Agent);
        span?.SetTag(StaminaActivities.ItemId, item.WorkItemId).SetTag(StaminaActivities.Attempt, current.Attempt)
            .SetTag(StaminaActivities.Harness, item.Harness);
        var groupId = 0;
        await using var transcript = new TranscriptShipper(publisher, current, settings.Name, settings.TranscriptMaxBytes, clock, logger, redactor);
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
        catch (ExecutableNotFoundException exception) when (command.Agent is not null || exception.WorkerTool)
        {
            throw new HarnessUnavailableException(exception.Message, exception);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or HarnessUnavailableException))
        {
            throw new AttemptSetupException(ErrorClasses.Start, exception.Message, exception);
        }
        finally
        {
            await transcript.CompleteAsync();
            if (groupId != 0)
                ledger.Forget(groupId);
        }
    }

    /// <summary>Pushes a stopped attempt's work to its own branch; best effort, null when it could not.</summary>
    async Task<AttemptResult?> SaveQuietlyAsync(PreparedAttempt prepared, ExecuteWorkItem item, RunningAttempt current)
    {
        try
        {
            return await workspace.SaveAsync(prepared, item.WorkItemId, current.Attempt);
        }
        catch (Exception exception)
        {
            logger.LogWarning("The work of stopped {WorkItemId} attempt {Attempt} was not pushed: {Message}", item.WorkItemId, current.Attempt, exception.Message);
            return null;
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

    /// <summary>What the attempt reports (null: nothing, its lease or its item is gone), and whether its work must be pushed first.</summary>
    sealed record Ending(CompleteAttempt? Completion, bool SaveWork = false);

    /// <summary>How far the attempt got, for the ending and the closing step.</summary>
    sealed class AttemptState
    {
        public PreparedAttempt? Prepared { get; set; }
        public AttemptCommand? Command { get; set; }
        public bool WorkSaved { get; set; }
    }
}
