using Stamina.Coordinator.Api;

namespace Stamina.Coordinator.Batches;

/// <summary>
/// One task of a batch: an item's fields plus a key unique within the batch (the task's name in the file), so that
/// <see cref="SubmitItemRequest.After"/> and <see cref="SubmitItemRequest.BaseFrom"/> can name other tasks of the
/// same batch by key.
/// </summary>
public sealed record BatchItemRequest : SubmitItemRequest
{
    public string? Key { get; init; }
}
