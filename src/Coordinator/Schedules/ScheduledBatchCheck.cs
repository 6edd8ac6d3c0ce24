using Stamina.Coordinator.Api;
using Stamina.Coordinator.Batches;

namespace Stamina.Coordinator.Schedules;

/// <summary>
/// Checks a schedule's batch when the schedule is added, so that a bad file fails at <c>schedule add</c>, not at 22:00.
/// Each task gets the same checks as <c>POST /api/items</c> (<see cref="SubmitItemValidator"/>); the batch-wide rules
/// (keys, <c>after</c>, cycles) are the batch creator's, which applies them again at every occurrence.
/// </summary>
public sealed class ScheduledBatchCheck(SubmitItemValidator items)
{
    /// <summary>Errors keyed by field path under <paramref name="prefix"/> (<c>batch.items[2].repo</c>); empty when valid.</summary>
    public Dictionary<string, string[]> Check(BatchRequest? batch, string prefix)
    {
        var errors = new Dictionary<string, string[]>();
        if (batch?.Items is not { Length: > 0 } tasks)
        {
            errors[$"{prefix}.items"] = ["a batch needs at least one task"];
            return errors;
        }
        for (var index = 0; index < tasks.Length; index++)
        {
            if (tasks[index] is not { } task)
            {
                errors[$"{prefix}.items[{index}]"] = ["a task is an object, not null"];
                continue;
            }
            foreach (var (field, messages) in items.Validate(task).Errors)
                errors[$"{prefix}.items[{index}].{field}"] = messages;
        }
        return errors;
    }
}
