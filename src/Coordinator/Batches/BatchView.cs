namespace Stamina.Coordinator.Batches;

/// <summary>A batch as the API shows it: its items (in the list, left empty), counts by state, cost, branches and, once every item ended, a summary.</summary>
public sealed record BatchView
{
    public Guid Id { get; init; }
    public string? Name { get; init; }
    public string Origin { get; init; } = "";
    public Guid? ScheduleId { get; init; }
    public DateTimeOffset? Occurrence { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its first attempt started; null while nothing ran.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When its last item ended; null while any item has not.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    public int Total { get; init; }
    public IReadOnlyDictionary<string, int> Counts { get; init; } = new Dictionary<string, int>();
    public decimal? CostUsd { get; init; }

    /// <summary>Result branches of the succeeded items.</summary>
    public IReadOnlyList<string> Branches { get; init; } = [];

    /// <summary>"3 succeeded, 1 failed, 1 skipped; $1.20; 3 branches", once every item ended.</summary>
    public string? Summary { get; init; }

    public IReadOnlyList<BatchItemView> Items { get; init; } = [];
}
