using Stamina.Coordinator.Api;
using Stamina.Coordinator.Dependencies;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Batches;

/// <summary>
/// Checks a whole batch before anything is written: every task as <c>POST /api/items</c> would (errors keyed
/// <c>items[i].field</c>), unique keys, <c>after</c> naming tasks of the batch by key or existing items by id, no cycle,
/// and a <c>baseFrom</c> in the task's own repository. Throws <see cref="BatchRejectedException"/> with every problem.
/// </summary>
public sealed class BatchValidator(SubmitItemValidator items, StaminaDatabase database, PipelineValidator? pipelines = null)
{
    public const int MaxItems = 500;
    const int MaxKeyLength = 100;

    public async Task<ValidatedBatch> ValidateAsync(BatchRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var tasks = request.Items ?? [];
        if (tasks.Length == 0)
            throw Rejected("items", "a batch needs at least one item");
        if (tasks.Length > MaxItems)
            throw Rejected("items", $"at most {MaxItems} items in a batch");
        if (request.Name is { Length: > 200 } || request.Name?.Any(char.IsControl) == true)
            errors["name"] = ["at most 200 characters without control characters"];

        var keys = tasks.Select((task, index) => task?.Key ?? $"items[{index}]").ToList();
        var indexByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var submissions = new Api.ValidatedSubmission?[tasks.Length];
        var plans = new Pipelines.PipelinePlan?[tasks.Length];
        for (var index = 0; index < tasks.Length; index++)
        {
            var field = $"items[{index}]";
            if (tasks[index] is not { } task)
            {
                errors[field] = ["expected an item, got null"];
                continue;
            }
            var key = keys[index];
            if (key.Length is 0 or > MaxKeyLength || key.Any(char.IsControl))
                errors[$"{field}.key"] = [$"a key is 1-{MaxKeyLength} characters without control characters"];
            else if (!indexByKey.TryAdd(key, index))
                errors[$"{field}.key"] = [$"'{key}' is the key of items[{indexByKey[key]}] too; keys are unique within a batch"];
            (submissions[index], plans[index]) = ValidateTask(task);
            foreach (var (name, messages) in submissions[index]!.Errors)
                errors[$"{field}.{name}"] = [.. messages];
        }
        if (errors.Count > 0)
            throw new BatchRejectedException(errors);

        // after: a task's key first (a key that looks like an id still means the task), else an existing item's id.
        var after = new List<IReadOnlyList<int>>();
        var external = new List<(int Index, Guid Id)>();
        for (var index = 0; index < tasks.Length; index++)
        {
            var within = new List<int>();
            foreach (var name in tasks[index]!.After ?? [])
            {
                if (indexByKey.TryGetValue(name, out var other) && plans[other] is not null)
                    Add(errors, $"items[{index}].after", $"'{name}' is a pipeline (it has steps): its last step is made as it goes, so no task can run after it yet");
                else if (indexByKey.TryGetValue(name, out other))
                    within.Add(other);
                else if (Guid.TryParse(name, out var id))
                    external.Add((index, id));
                else
                    Add(errors, $"items[{index}].after", $"unknown task or item '{name}': not a key of this batch nor an item id");
            }
            after.Add(within);
        }
        var repositories = await ExistingRepositoriesAsync([.. external.Select(e => e.Id).Distinct()], cancellationToken);
        foreach (var (index, id) in external.Where(e => !repositories.ContainsKey(e.Id)))
            Add(errors, $"items[{index}].after", $"no item {id}");
        if (errors.Count > 0)
            throw new BatchRejectedException(errors);

        var (order, cycle) = DependencyGraph.Sort(keys, after);
        if (cycle is var (at, path))
            throw Rejected($"items[{at}].after", "cycle " + string.Join(" -> ", path));

        var ids = submissions.Select(s => s!.Command!.WorkItemId).ToList();
        Guid IdOf(string name) => indexByKey.TryGetValue(name, out var other) ? ids[other] : Guid.Parse(name);
        var validated = new List<ValidatedBatchItem>();
        foreach (var index in order!)
        {
            var task = tasks[index]!;
            var submission = submissions[index]!.Command!;
            Guid? baseFrom = task.BaseFrom is { } from ? IdOf(from) : null;
            var baseRepo = task.BaseFrom is null ? null
                : indexByKey.TryGetValue(task.BaseFrom, out var source) ? submissions[source]!.Command!.Spec.Repo
                : repositories[baseFrom!.Value];
            if (baseRepo is not null && baseRepo != submission.Spec.Repo)
                Add(errors, $"items[{index}].baseFrom", $"'{task.BaseFrom}' works on {baseRepo}, not on {submission.Spec.Repo}; an item can start only from a branch of its own repository");
            validated.Add(new ValidatedBatchItem(keys[index], index, submission with
            {
                After = [.. (task.After ?? []).Select(IdOf).Distinct()],
                BaseFrom = baseFrom,
            }, plans[index]));
        }
        if (errors.Count > 0)
            throw new BatchRejectedException(errors);
        return new ValidatedBatch(request.Name, validated);
    }

    /// <summary>
    /// A task as <c>POST /api/items</c> checks it; a task with steps as a pipeline, whose first step is the task's item
    /// (its own after and baseFrom then apply to that first step).
    /// </summary>
    (Api.ValidatedSubmission Submission, Pipelines.PipelinePlan? Plan) ValidateTask(BatchItemRequest task)
    {
        if (task.Steps is null && task.ReviewRounds is null)
            return (items.Validate(task), null);
        if (pipelines is null)
            return (new Api.ValidatedSubmission(null, new Dictionary<string, string[]> { ["steps"] = ["pipelines are not available here"] }), null);
        var (plan, errors) = pipelines.Validate(task with { After = null, BaseFrom = null });
        return plan is null
            ? (new Api.ValidatedSubmission(null, errors), null)
            : (new Api.ValidatedSubmission(plan.Steps[0].Item, errors), plan);
    }

    async Task<IReadOnlyDictionary<Guid, string>> ExistingRepositoriesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return new Dictionary<Guid, string>();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await ExistingItems.RepositoriesAsync(connection, null, database.Dialect, ids, cancellationToken);
    }

    static void Add(Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var before) ? [.. before, message] : [message];

    static BatchRejectedException Rejected(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}
