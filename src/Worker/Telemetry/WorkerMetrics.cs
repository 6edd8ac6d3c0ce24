using System.Diagnostics;
using System.Diagnostics.Metrics;
using Stamina.Worker.Agents;

namespace Stamina.Worker.Telemetry;

/// <summary>
/// The worker's own meter (<c>Stamina.Worker</c>), served on the worker's /metrics when it has a port: git and
/// worktree durations, git failures by operation, agent runs by harness and ending. Names: docs/metrics.md.
/// </summary>
public sealed class WorkerMetrics
{
    public const string MeterName = "Stamina.Worker";

    readonly Histogram<double> worktreeSetup;
    readonly Histogram<double> fetch;
    readonly Histogram<double> push;
    readonly Counter<long> gitFailures;
    readonly Counter<long> agentRuns;

    public WorkerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        // Seconds, from a local fetch (tens of milliseconds) to a large clone (minutes).
        var buckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] };
        worktreeSetup = meter.CreateHistogram("stamina.worker.worktree_setup", "s", "From the claim to a ready worktree (fetch included)", tags: null, buckets);
        fetch = meter.CreateHistogram("stamina.worker.git_fetch", "s", "Bringing the repository's mirror up to date (clone or fetch)", tags: null, buckets);
        push = meter.CreateHistogram("stamina.worker.git_push", "s", "Pushing an attempt's branch at its end", tags: null, buckets);
        gitFailures = meter.CreateCounter<long>("stamina.worker.git_failures", description: "Git steps that failed, by operation");
        agentRuns = meter.CreateCounter<long>("stamina.worker.agent_runs", description: "Agent runs that ended, by harness and ending");
    }

    /// <summary>Times a git step into <paramref name="operation"/>'s histogram; a failure (not a cancellation) is counted too.</summary>
    public async Task<T> TimeAsync<T>(GitOperation operation, Func<Task<T>> step)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await step();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            gitFailures.Add(1, new KeyValuePair<string, object?>("operation", Name(operation)));
            throw;
        }
        finally
        {
            HistogramFor(operation)?.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    public async Task TimeAsync(GitOperation operation, Func<Task> step) =>
        await TimeAsync(operation, async () => { await step(); return true; });

    public void AgentRunEnded(string harness, AgentEndingKind ending) =>
        agentRuns.Add(1, new("harness", harness), new("ending", EndingName(ending)));

    /// <summary>A set-up that got as far as a ready worktree, timed from <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void WorktreeReady(long started) => worktreeSetup.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);

    /// <summary>
    /// Creating the worktree alone has no histogram (the whole set-up has one); nor has a checkpoint, which mostly
    /// finds nothing to push and would drown the final pushes' durations.
    /// </summary>
    Histogram<double>? HistogramFor(GitOperation operation) => operation switch
    {
        GitOperation.Fetch => fetch,
        GitOperation.Push => push,
        _ => null,
    };

    static string Name(GitOperation operation) => operation switch
    {
        GitOperation.Fetch => "fetch",
        GitOperation.Push => "push",
        GitOperation.Checkpoint => "checkpoint",
        _ => "worktree",
    };

    /// <summary>snake_case, as the coordinator's error classes are spelled: usage_limit, max_turns, ….</summary>
    static string EndingName(AgentEndingKind ending) => ending switch
    {
        AgentEndingKind.Succeeded => "succeeded",
        AgentEndingKind.AgentError => "agent_error",
        AgentEndingKind.MaxTurns => "max_turns",
        AgentEndingKind.MaxBudget => "max_budget",
        AgentEndingKind.Timeout => "timeout",
        AgentEndingKind.Stall => "stall",
        AgentEndingKind.UsageLimit => "usage_limit",
        AgentEndingKind.AuthFailure => "auth_failure",
        AgentEndingKind.Crashed => "crashed",
        _ => "other",
    };
}
