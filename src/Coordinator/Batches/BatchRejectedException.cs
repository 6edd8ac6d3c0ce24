namespace Stamina.Coordinator.Batches;

/// <summary>A batch that cannot be created as asked (a cycle, an unknown key, an invalid task); nothing was written.</summary>
public sealed class BatchRejectedException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The batch was rejected: " + string.Join("; ", errors.Select(error => $"{error.Key}: {string.Join(", ", error.Value)}")))
{
    /// <summary>Keyed by field path (<c>items[2].after</c>), as the API's validation problems are.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
