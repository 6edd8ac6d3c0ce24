namespace Stamina.Cli.Api;

/// <summary>An item as <c>GET /api/items/{id}</c> shows it. Everything is optional so an older or newer coordinator still reads.</summary>
sealed record WorkItem
{
    public Guid Id { get; init; }
    public string? Repo { get; init; }
    public string? Prompt { get; init; }
    public string? Harness { get; init; }
    public IReadOnlyList<string>? Command { get; init; }
    public string? BaseRef { get; init; }
    public string? Pool { get; init; }
    public int? Priority { get; init; }

    /// <summary>Kept as text ("00:30:00"): the CLI only shows it, and a different duration format must not break reading.</summary>
    public string? Timeout { get; init; }

    public int? MaxAttempts { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Pending, Queued, Running, Succeeded, Failed, Cancelled or Skipped; kept as text so a new state still shows.</summary>
    public string? State { get; init; }

    public int Attempt { get; init; }
    public int Failures { get; init; }
    public int LostAttempts { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public DateTimeOffset? NotBefore { get; init; }
    public DateTimeOffset? LeaseExpiresAt { get; init; }
    public string? Holder { get; init; }
    public IReadOnlyList<ItemAttempt>? Attempts { get; init; }
    public ItemResult? Result { get; init; }
    public AgentSettings? Agent { get; init; }

    /// <summary>The current (or last) attempt's agent progress; null for the command harness or before the first event.</summary>
    public AgentProgress? Progress { get; init; }

    /// <summary>Summed over all attempts; null when no attempt reported a cost.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>The batch it was submitted in (<c>submit -f</c>, a schedule).</summary>
    public Guid? BatchId { get; init; }

    /// <summary>Why a Skipped item was skipped ("dependency build failed").</summary>
    public string? SkipReason { get; init; }

    /// <summary>Why a Pending or Queued item is not running yet; null otherwise.</summary>
    public WaitingReason? Waiting { get; init; }

    /// <summary>The pipeline this item is a step of, if any.</summary>
    public ItemPipeline? Pipeline { get; init; }
}
