using Stamina.Coordinator.Batches;

namespace Stamina.Coordinator.Schedules;

/// <summary>
/// Checks a schedule's batch when the schedule is added, so that a bad file fails at <c>schedule add</c>, not at 22:00:
/// the very checks of <c>POST /api/batches</c> (<see cref="BatchValidator"/>: every task, keys, <c>after</c>, cycles), which
/// the batch creator applies again at every occurrence.
/// </summary>
public sealed class ScheduledBatchCheck(BatchValidator batches)
{
    /// <summary>Errors keyed by field path under <paramref name="prefix"/> (<c>batch.items[2].repo</c>); empty when valid.</summary>
    public async Task<Dictionary<string, string[]>> CheckAsync(BatchRequest? batch, string prefix, CancellationToken cancellationToken)
    {
        if (batch is null)
            return new Dictionary<string, string[]> { [prefix] = ["a batch is required: the tasks to create at each occurrence"] };
        try
        {
            await batches.ValidateAsync(batch, cancellationToken);
            return [];
        }
        catch (BatchRejectedException rejected)
        {
            return rejected.Errors.ToDictionary(error => $"{prefix}.{error.Key}", error => error.Value);
        }
    }
}
