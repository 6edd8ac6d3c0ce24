namespace Stamina.Coordinator.Batches;

/// <summary>Creates batches: used by <c>POST /api/batches</c> and by the scheduler at each occurrence.</summary>
public interface IBatchCreator
{
    /// <summary>
    /// Validates the whole batch, then writes the batch and all its items in one transaction. Throws
    /// <see cref="BatchRejectedException"/> and writes nothing when any task is invalid. With an idempotency key,
    /// a second call with the same key finds the first batch (<see cref="BatchCreated.Created"/> false).
    /// </summary>
    Task<BatchCreated> CreateAsync(BatchRequest request, BatchOrigin origin, string? idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Whether any item of the batch has not finished yet (a schedule skips an occurrence while so).</summary>
    Task<bool> IsActiveAsync(Guid batchId, CancellationToken cancellationToken);
}
