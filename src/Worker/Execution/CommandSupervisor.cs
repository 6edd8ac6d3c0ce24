using Stamina.Contracts;
using Stamina.Worker.Processes;

namespace Stamina.Worker.Execution;

/// <summary>
/// Runs an attempt's command and watches it every second: wall time, stall (no output event for too
/// long), turns and budget read from the agent's stream; pushes a checkpoint every interval. Every kill
/// takes the whole process group.
/// </summary>
public sealed class CommandSupervisor(TimeProvider clock, ILogger<CommandSupervisor> logger)
{
    static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <exception cref="OperationCanceledException">The attempt was aborted; the process tree is gone.</exception>
    public async Task<SupervisedRun> RunAsync(
        AttemptCommand command,
        TimeSpan timeout,
        RunningAttempt current,
        TranscriptShipper transcript,
        Action<int> started,
        Func<Task> checkpoint,
        TimeSpan checkpointInterval)
    {
        var startedAt = clock.GetUtcNow();
        var lastEvent = startedAt.UtcTicks;
        var options = command.Options with
        {
            OnOutputLine = line =>
            {
                Interlocked.Exchange(ref lastEvent, clock.GetUtcNow().UtcTicks);
                command.Agent?.Observe(line);
                transcript.Append(line);
            },
        };
        await using var child = ChildProcess.Start(options);
        started(child.Id);
        var stalled = false;
        var overBudget = false;
        var overTurns = false;
        using var stopWatching = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(Tick, clock);
            var nextCheckpoint = startedAt + checkpointInterval;
            try
            {
                while (await timer.WaitForNextTickAsync(stopWatching.Token).ConfigureAwait(false))
                {
                    var now = clock.GetUtcNow();
                    var progress = command.Agent?.Progress ?? new AgentProgress();
                    if (now - startedAt >= timeout)
                    {
                        child.Kill(becauseOfTimeout: true);
                        return;
                    }
                    if (command.Limits.StallTimeout is { } stall && now - new DateTimeOffset(Interlocked.Read(ref lastEvent), TimeSpan.Zero) >= stall)
                    {
                        logger.LogWarning("{WorkItemId} attempt {Attempt}: no event for {Stall}; killing it as stalled", current.WorkItemId, current.Attempt, stall);
                        stalled = true;
                        child.Kill();
                        return;
                    }
                    if (command.Limits.MaxBudgetUsd is { } budget && progress.CostUsd > budget)
                    {
                        logger.LogWarning("{WorkItemId} attempt {Attempt}: cost {Cost} USD is over its budget of {Budget}", current.WorkItemId, current.Attempt, progress.CostUsd, budget);
                        overBudget = true;
                        child.Kill();
                        return;
                    }
                    if (command.Limits.MaxTurns is { } turns && progress.Turns > turns)
                    {
                        logger.LogWarning("{WorkItemId} attempt {Attempt}: {Turns} turns, over its limit of {Limit}", current.WorkItemId, current.Attempt, progress.Turns, turns);
                        overTurns = true;
                        child.Kill();
                        return;
                    }
                    if (now >= nextCheckpoint)
                    {
                        await checkpoint();
                        nextCheckpoint = clock.GetUtcNow() + checkpointInterval;
                    }
                }
            }
            catch (OperationCanceledException) when (stopWatching.IsCancellationRequested)
            {
            }
        });
        try
        {
            var result = await child.WaitAsync(current.Aborted);
            return new SupervisedRun(result, stalled, overBudget, overTurns);
        }
        finally
        {
            await stopWatching.CancelAsync();
            await watch;
        }
    }
}
