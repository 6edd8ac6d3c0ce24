namespace Stamina.Coordinator.Batches;

/// <summary>
/// The body of <c>POST /api/batches</c>, and what a schedule stores and submits at each occurrence: the tasks of one
/// <c>stamina submit -f</c> file, all created in one transaction, with their dependencies named by key.
/// </summary>
public sealed record BatchRequest
{
    /// <summary>A name for people (the file's name, the schedule's name); not unique.</summary>
    public string? Name { get; init; }

    public BatchItemRequest[]? Items { get; init; }
}
