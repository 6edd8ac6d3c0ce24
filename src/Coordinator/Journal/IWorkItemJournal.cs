using Stamina.Contracts;
using Stamina.Coordinator.Breakers;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Journal;

/// <summary>
/// The rows an event writes besides the saga row: specs, attempts, results and stale reports. The
/// SQL journal writes them in the saga's own transaction, so they commit or roll back together.
/// </summary>
public interface IWorkItemJournal
{
    Task SaveSpecAsync(Guid itemId, WorkItemSpec spec);

    /// <param name="secretHash">The hash of the secret granted with the claim (never the secret itself).</param>
    Task StartAttemptAsync(Guid itemId, int attempt, WorkerIdentity worker, string secretHash, DateTimeOffset startedAt);

    /// <summary>The holder asked again for its claim (our answer was lost): the attempt's secret is a new one.</summary>
    Task ReplaceSecretAsync(Guid itemId, int attempt, string secretHash);

    /// <summary>Who the attempt was granted to; null when it was never granted.</summary>
    Task<AttemptHolder?> AttemptHolderAsync(Guid itemId, int attempt);

    /// <summary>The run of the worker process the attempt was granted to (<see cref="WorkerIdentity.Run"/>); null when unknown.</summary>
    Task<string?> AttemptRunAsync(Guid itemId, int attempt);

    /// <summary>The attempt's labels, start and stored usage, for the metrics; null when it was never granted.</summary>
    Task<AttemptFacts?> AttemptFactsAsync(Guid itemId, int attempt);

    Task EndAttemptAsync(Guid itemId, int attempt, AttemptEnding ending);

    Task SaveResultAsync(Guid itemId, int attempt, AttemptResult result, int? exitCode, DateTimeOffset acceptedAt);

    /// <summary>A heartbeat's news: the agent's progress and the newest checkpoint.</summary>
    Task RecordProgressAsync(Guid itemId, int attempt, AgentProgress? progress, Checkpoint? checkpoint);

    /// <summary>The newest checkpoint pushed by an attempt of the item, if any.</summary>
    Task<ResumePoint?> LatestCheckpointAsync(Guid itemId);

    /// <summary>The account takes no claim before <paramref name="until"/>.</summary>
    Task LimitAccountAsync(string account, DateTimeOffset until, string? reason, DateTimeOffset now);

    Task<DateTimeOffset?> AccountLimitedUntilAsync(string account);

    /// <summary>An operator drained the worker: it gets no claim until undrained.</summary>
    Task<bool> WorkerDrainedAsync(string worker);

    /// <summary>A report that changed nothing; <paramref name="reason"/> is stale or forged.</summary>
    Task RecordStaleAsync(Guid itemId, int attempt, string kind, string worker, string reason, string? detail, DateTimeOffset receivedAt);

    /// <summary>The circuit breakers, in the event's transaction; null where the journal has no store (the fast tier's).</summary>
    BreakerBook? Breakers { get; }
}
