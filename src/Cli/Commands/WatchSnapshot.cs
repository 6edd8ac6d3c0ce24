using Stamina.Cli.Api;

namespace Stamina.Cli.Commands;

/// <summary>
/// One refresh of <c>stamina watch</c>: the items still queued or running, those seen running or queued earlier
/// in this watch that have finished since, and the workers.
/// </summary>
sealed record WatchSnapshot(
    DateTimeOffset TakenAt,
    IReadOnlyList<WorkItem> Active,
    IReadOnlyList<WorkItem> Finished,
    IReadOnlyList<WorkerInfo> Workers)
{
    public bool Done => Active.Count == 0;

    public bool AnyFailed => Finished.Any(i => string.Equals(i.State, "Failed", StringComparison.OrdinalIgnoreCase));
}
