using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Dependencies;

/// <summary>
/// <c>after</c> and <c>baseFrom</c> of <c>POST /api/items</c>: item ids, each of an existing item; a baseFrom in the same
/// repository. Returns the submission with its dependencies, or the problems by field (status 400 for a malformed id,
/// 422 for an id that names no item).
/// </summary>
public sealed class ItemDependencyResolution(StaminaDatabase database)
{
    public async Task<(SubmitWorkItem? Submission, int Status, IReadOnlyDictionary<string, string[]> Errors)> ResolveAsync(
        SubmitWorkItem submission, string[]? after, string? baseFrom, CancellationToken cancellationToken)
    {
        if (after is not { Length: > 0 })
            return (submission, 200, new Dictionary<string, string[]>());
        var malformed = after.Where(a => !Guid.TryParse(a, out _)).ToList();
        if (malformed.Count > 0)
        {
            return (null, StatusCodes.Status400BadRequest, new Dictionary<string, string[]>
            {
                ["after"] = [$"'{malformed[0]}' is not an item id (a UUID); task names are resolved only within a batch (POST /api/batches)"],
            });
        }

        var ids = after.Select(Guid.Parse).ToList();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var repositories = await ExistingItems.RepositoriesAsync(connection, null, database.Dialect, ids, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        if (ids.Where(id => !repositories.ContainsKey(id)).ToList() is { Count: > 0 } unknown)
            errors["after"] = [$"no item {string.Join(", ", unknown)}"];
        Guid? from = baseFrom is null ? null : Guid.Parse(baseFrom);
        if (from is { } source && repositories.TryGetValue(source, out var repo) && repo != submission.Spec.Repo)
            errors["baseFrom"] = [$"item {source} works on {repo}, not on {submission.Spec.Repo}; an item can start only from a branch of its own repository"];
        return errors.Count > 0
            ? (null, StatusCodes.Status422UnprocessableEntity, errors)
            : (submission with { After = ids, BaseFrom = from }, 200, errors);
    }
}
