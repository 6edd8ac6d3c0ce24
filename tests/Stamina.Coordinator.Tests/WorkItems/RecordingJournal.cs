using System.Collections.Concurrent;
using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Breakers;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Tests.WorkItems;

/// <summary>The fast tier's journal: keeps in memory what the PostgreSQL journal writes, for assertions.</summary>
public sealed class RecordingJournal : IWorkItemJournal, IWorkItemJournalFactory
{
    public ConcurrentDictionary<Guid, WorkItemSpec> Specs { get; } = new();
    public ConcurrentDictionary<(Guid Item, int Attempt), (WorkerIdentity Worker, AttemptEnding? Ending)> Attempts { get; } = new();
    public ConcurrentDictionary<Guid, (int Attempt, AttemptResult Result)> Results { get; } = new();
    public ConcurrentQueue<(Guid Item, int Attempt, string Kind, string Worker)> Stale { get; } = new();
    public ConcurrentQueue<(Guid Item, int Attempt, string Kind, string Worker)> Forged { get; } = new();

    public IWorkItemJournal For(PipeContext context) => this;

    public Task SaveSpecAsync(Guid itemId, WorkItemSpec spec)
    {
        Specs[itemId] = spec;
        return Task.CompletedTask;
    }

    public ConcurrentDictionary<(Guid Item, int Attempt), string> SecretHashes { get; } = new();

    public Task StartAttemptAsync(Guid itemId, int attempt, WorkerIdentity worker, string secretHash, DateTimeOffset startedAt)
    {
        if (!Attempts.TryAdd((itemId, attempt), (worker, null)))
            throw new InvalidOperationException($"attempt {attempt} of {itemId} started twice");
        SecretHashes[(itemId, attempt)] = secretHash;
        return Task.CompletedTask;
    }

    public Task ReplaceSecretAsync(Guid itemId, int attempt, string secretHash)
    {
        SecretHashes[(itemId, attempt)] = secretHash;
        return Task.CompletedTask;
    }

    public Task<AttemptHolder?> AttemptHolderAsync(Guid itemId, int attempt) => Task.FromResult(
        Attempts.TryGetValue((itemId, attempt), out var started)
            ? new AttemptHolder(started.Worker.Name, started.Worker.Account, SecretHashes.GetValueOrDefault((itemId, attempt)))
            : null);

    public Task<string?> AttemptRunAsync(Guid itemId, int attempt) => Task.FromResult(
        Attempts.TryGetValue((itemId, attempt), out var started) ? started.Worker.Run : null);

    public Task<AttemptFacts?> AttemptFactsAsync(Guid itemId, int attempt) => Task.FromResult(
        Attempts.TryGetValue((itemId, attempt), out var started)
            ? new AttemptFacts { Account = started.Worker.Account, Harness = Specs.GetValueOrDefault(itemId)?.Harness }
            : null);

    public Task EndAttemptAsync(Guid itemId, int attempt, AttemptEnding ending)
    {
        var (worker, existing) = Attempts[(itemId, attempt)];
        if (existing is null)
            Attempts[(itemId, attempt)] = (worker, ending);
        return Task.CompletedTask;
    }

    public Task SaveResultAsync(Guid itemId, int attempt, AttemptResult result, int? exitCode, DateTimeOffset acceptedAt)
    {
        if (!Results.TryAdd(itemId, (attempt, result)))
            throw new InvalidOperationException($"a second result for {itemId}");
        return Task.CompletedTask;
    }

    public ConcurrentDictionary<string, DateTimeOffset> AccountLimits { get; } = new();
    public ConcurrentQueue<(Guid Item, int Attempt, AgentProgress? Progress, Checkpoint? Checkpoint)> ProgressReports { get; } = new();

    public Task RecordProgressAsync(Guid itemId, int attempt, AgentProgress? progress, Checkpoint? checkpoint)
    {
        ProgressReports.Enqueue((itemId, attempt, progress, checkpoint));
        return Task.CompletedTask;
    }

    public Task<ResumePoint?> LatestCheckpointAsync(Guid itemId) => Task.FromResult(
        ProgressReports.Where(r => r.Item == itemId && r.Checkpoint is not null).OrderBy(r => r.Attempt)
            .Select(r => new ResumePoint { Attempt = r.Attempt, Branch = r.Checkpoint!.Branch, Commit = r.Checkpoint.Commit }).LastOrDefault());

    public Task LimitAccountAsync(string account, DateTimeOffset until, string? reason, DateTimeOffset now)
    {
        AccountLimits.AddOrUpdate(account, until, (_, existing) => existing > until ? existing : until);
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> AccountLimitedUntilAsync(string account) =>
        Task.FromResult(AccountLimits.TryGetValue(account, out var until) ? until : (DateTimeOffset?)null);

    public ConcurrentDictionary<string, bool> DrainedWorkers { get; } = new();

    public Task<bool> WorkerDrainedAsync(string worker) => Task.FromResult(DrainedWorkers.ContainsKey(worker));

    public Task RecordStaleAsync(Guid itemId, int attempt, string kind, string worker, string reason, string? detail, DateTimeOffset receivedAt)
    {
        (reason == "forged" ? Forged : Stale).Enqueue((itemId, attempt, kind, worker));
        return Task.CompletedTask;
    }

    /// <summary>No store, so no breakers: the integration tier tests them.</summary>
    public BreakerBook? Breakers => null;
}
