using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Worker.Processes;
using Stamina.Worker.Processes.Cgroups;

namespace Stamina.Worker.Execution;

/// <summary>
/// Runs an attempt's command and watches it every second: wall time, stall (no output event for too
/// long), turns and budget read from the agent's stream; pushes a checkpoint every interval, beside the
/// watch so that a slow push never holds the limits up. Every kill takes the whole process group.
/// Time the command spent held (the lease could not be confirmed) or that this process did not run (suspended,
/// a laptop asleep) counts towards neither its wall time nor its stall: it was not the command's doing.
/// Where the worker limits attempts, the command runs in a cgroup of its own; a limit that ends a process of it
/// (memory, processes) ends the whole command.
/// </summary>
public sealed class CommandSupervisor(TimeProvider clock, IOptions<WorkerSettings> settings, AttemptCgroups cgroups, ILogger<CommandSupervisor> logger)
{
    static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>A tick this late means the worker itself did not run in between.</summary>
    static readonly TimeSpan Jump = TimeSpan.FromSeconds(5);

    /// <summary>The command's watcher stops it after this long without a tick (a frozen worker); never below two ticks.</summary>
    TimeSpan LeashTimeout => settings.Value.HeartbeatInterval > Tick * 2 ? settings.Value.HeartbeatInterval : Tick * 2;

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
        using var leash = CreateLeash();
        await using var cgroup = CreateCgroup(current);
        var options = command.Options with
        {
            Leash = leash.Leash,
            Cgroup = cgroup,
            OnOutputLine = line =>
            {
                Interlocked.Exchange(ref lastEvent, clock.GetUtcNow().UtcTicks);
                command.Agent?.Observe(line);
                transcript.Append(line);
            },
        };
        await using var child = ChildProcess.Start(options);
        started(child.Id);
        current.Hold.Attach(child.Hold);
        var killReason = KillReason.None;
        Task checkpointing = Task.CompletedTask;
        using var stopWatching = new CancellationTokenSource();

        void KillFor(KillReason reason, string why)
        {
            logger.LogWarning("{WorkItemId} attempt {Attempt}: {Why}; killing it", current.WorkItemId, current.Attempt, why);
            killReason = reason;
            child.Kill();
        }

        var watch = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(Tick, clock);
            var nextCheckpoint = startedAt + checkpointInterval;
            var lastTick = startedAt;
            var notCounted = TimeSpan.Zero;
            var wasHeld = false;
            try
            {
                while (await timer.WaitForNextTickAsync(stopWatching.Token).ConfigureAwait(false))
                {
                    var now = clock.GetUtcNow();
                    var sinceLastTick = now - lastTick;
                    lastTick = now;
                    // The lease ran out on our clock: hold now, not at the lease keeper's next (slow, unanswered) round.
                    if (!current.IsLeaseConfirmed(clock) && current.Hold.Stop(stillDue: () => !current.IsLeaseConfirmed(clock)))
                    {
                        logger.LogWarning("{WorkItemId} attempt {Attempt}: its lease is not confirmed; its command is stopped until it is",
                            current.WorkItemId, current.Attempt);
                    }

                    var held = current.Hold.IsHeld;
                    if (held || wasHeld || sinceLastTick > Jump)
                    {
                        // Not the command's time: push its start and its last event forward by the gap.
                        notCounted += sinceLastTick;
                        Interlocked.Add(ref lastEvent, sinceLastTick.Ticks);
                    }
                    if (held && !wasHeld && checkpointing.IsCompleted)
                        checkpointing = checkpoint(); // what it did so far is safe while it waits
                    wasHeld = held;
                    if (held)
                        continue;
                    if (current.IsLeaseConfirmed(clock))
                    {
                        leash.Tick();
                        if (leash.StoppedForLackOfTicks)
                            child.Hold(stop: false); // the watcher stopped it while we could not tick; the lease is confirmed again
                    }
                    if (cgroup?.Breach() is { } breach)
                    {
                        KillFor(KillReason.OverLimit, breach.Message);
                        return;
                    }
                    var progress = command.Agent?.Progress ?? new AgentProgress();
                    var silentFor = now - new DateTimeOffset(Interlocked.Read(ref lastEvent), TimeSpan.Zero);
                    if (now - startedAt - notCounted >= timeout)
                    {
                        child.Kill(becauseOfTimeout: true);
                        return;
                    }
                    if (command.Limits.StallTimeout is { } stall && silentFor >= stall)
                    {
                        KillFor(KillReason.Stalled, $"no event for {stall}");
                        return;
                    }
                    if (command.Limits.MaxBudgetUsd is { } budget && progress.CostUsd > budget)
                    {
                        KillFor(KillReason.OverBudget, $"cost {progress.CostUsd} USD is over its budget of {budget}");
                        return;
                    }
                    if (command.Limits.MaxTurns is { } turns && progress.Turns > turns)
                    {
                        KillFor(KillReason.OverTurns, $"{progress.Turns} turns, over its limit of {turns}");
                        return;
                    }
                    if (now >= nextCheckpoint && checkpointing.IsCompleted)
                    {
                        checkpointing = checkpoint();
                        nextCheckpoint = now + checkpointInterval;
                    }
                }
            }
            catch (OperationCanceledException) when (stopWatching.IsCancellationRequested)
            {
            }
        });
        ChildProcessResult result;
        try
        {
            result = await child.WaitAsync(current.Aborted);
        }
        finally
        {
            current.Hold.Detach();
            await stopWatching.CancelAsync();
            await watch;
            // The final save must come after the last checkpoint push: both force the attempt's branch.
            await checkpointing;
        }
        // Read after the watch has ended: the kill reason is the watch's last word. A limit may have ended the command before
        // the watch saw it (the OOM killer took its first process): the group's counters still say so.
        return new SupervisedRun(result, killReason == KillReason.Stalled, killReason == KillReason.OverBudget, killReason == KillReason.OverTurns)
        {
            Breach = cgroup?.Breach(),
        };
    }

    /// <exception cref="HarnessUnavailableException">This worker cannot make FIFOs in its work directory: its fault, not the item's.</exception>
    LeashLine CreateLeash()
    {
        var directory = Path.Combine(settings.Value.ResolveWorkDir(), "leashes");
        try
        {
            return LeashLine.Create(directory, LeashTimeout);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            throw new HarnessUnavailableException($"cannot make a command's leash (a FIFO) in {directory}: {exception.Message}", exception);
        }
    }

    /// <exception cref="HarnessUnavailableException">The kernel refused the attempt's cgroup: this worker's fault, not the item's.</exception>
    AttemptCgroup? CreateCgroup(RunningAttempt current)
    {
        try
        {
            return cgroups.Create(current.WorkItemId, current.Attempt);
        }
        catch (IOException exception)
        {
            throw new HarnessUnavailableException(exception.Message, exception);
        }
    }

    enum KillReason
    {
        None,
        Stalled,
        OverBudget,
        OverTurns,
        OverLimit,
    }
}
