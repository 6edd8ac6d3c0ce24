using Stamina.Cli.Api;

namespace Stamina.Cli.Commands;

/// <summary>
/// Takes the snapshots of <c>stamina watch</c> and remembers, across them, which items it saw active, so an item
/// that finishes between two refreshes still shows with its final state (and counts for --until-done's exit code).
/// </summary>
sealed class WatchPoller(CoordinatorClient client, string? pool, TimeProvider clock)
{
    /// <summary>The list endpoint's most; a pool with more waiting items than this shows the newest ones.</summary>
    const int ListLimit = 1000;

    /// <summary>Running items whose progress is read one by one; more than this are shown without turns and cost.</summary>
    const int DetailLimit = 50;

    static readonly string[] ActiveStates = ["Pending", "Queued", "Running"];

    readonly HashSet<Guid> active = [];
    readonly Dictionary<Guid, WorkItem> finished = [];

    public async Task<WatchSnapshot> TakeAsync(CancellationToken cancellationToken)
    {
        var running = (await client.ListItemsAsync("Running", pool, ListLimit, cancellationToken)).Value.Items;
        var queued = (await client.ListItemsAsync("Queued", pool, ListLimit, cancellationToken)).Value.Items;
        var items = new List<WorkItem>();
        foreach (var (item, index) in running.Select((item, index) => (item, index)))
        {
            // The list leaves out progress; the item itself has it.
            items.Add(item.Progress is null && index < DetailLimit ? (await client.GetItemAsync(item.Id, cancellationToken)).Value : item);
        }
        items.AddRange(queued);

        // An item that left both lists has finished, or moved from Queued to Running between the two requests: ask it.
        var seenNow = items.Select(i => i.Id).ToHashSet();
        foreach (var id in active.Where(id => !seenNow.Contains(id)).ToList())
        {
            var item = (await client.GetItemAsync(id, cancellationToken)).Value;
            if (ActiveStates.Contains(item.State, StringComparer.OrdinalIgnoreCase))
            {
                items.Add(item);
                continue;
            }
            active.Remove(id);
            finished[id] = item;
        }
        active.UnionWith(items.Select(i => i.Id));

        var workers = (await client.ListWorkersAsync(cancellationToken)).Value.Workers
            .Where(w => pool is null || string.Equals(w.Pool, pool, StringComparison.Ordinal))
            .ToList();
        var ordered = items
            .OrderBy(i => string.Equals(i.State, "Running", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(i => i.CreatedAt)
            .ToList();
        return new WatchSnapshot(clock.GetUtcNow(), ordered, [.. finished.Values.OrderBy(i => i.UpdatedAt)], workers);
    }
}
