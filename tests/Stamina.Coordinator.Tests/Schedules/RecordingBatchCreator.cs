using System.Collections.Concurrent;
using Stamina.Coordinator.Batches;

namespace Stamina.Coordinator.Tests.Schedules;

/// <summary>
/// A batch creator that keeps its batches in memory, honouring idempotency keys as the real one must (one batch per key);
/// the real one is exercised end to end. <see cref="Active"/> says which batches still run.
/// </summary>
sealed class RecordingBatchCreator : IBatchCreator
{
    readonly ConcurrentDictionary<string, Guid> byKey = new();

    public ConcurrentBag<(Guid BatchId, BatchRequest Request, BatchOrigin Origin, string? Key)> Created { get; } = [];

    public ConcurrentDictionary<Guid, bool> Active { get; } = new();

    /// <summary>When set, every call throws it (a rejected batch, an outage).</summary>
    public Exception? Failure { get; set; }

    public Task<BatchCreated> CreateAsync(BatchRequest request, BatchOrigin origin, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
            throw failure;
        var made = false;
        var id = idempotencyKey is null ? Guid.NewGuid() : byKey.GetOrAdd(idempotencyKey, _ =>
        {
            made = true;
            return Guid.NewGuid();
        });
        if (idempotencyKey is null || made)
        {
            Created.Add((id, request, origin, idempotencyKey));
            Active[id] = true;
        }
        return Task.FromResult(new BatchCreated(id, idempotencyKey is null || made, []));
    }

    public Task<bool> IsActiveAsync(Guid batchId, CancellationToken cancellationToken) => Task.FromResult(Active.GetValueOrDefault(batchId));
}
