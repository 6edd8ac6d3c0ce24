using Stamina.Contracts;

namespace Stamina.Coordinator.Items;

/// <summary>An item as the API shows it.</summary>
public sealed record ItemView
{
    public Guid Id { get; init; }
    public string Repo { get; init; } = "";
    public string Prompt { get; init; } = "";
    public string Harness { get; init; } = "";
    public string[] Command { get; init; } = [];
    public string BaseRef { get; init; } = "";
    public string Pool { get; init; } = "";
    public int Priority { get; init; }
    public TimeSpan Timeout { get; init; }
    public int MaxAttempts { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string State { get; init; } = "";
    public int Attempt { get; init; }
    public int Failures { get; init; }

    /// <summary>Attempts whose holder went silent (killed, frozen, cut off): faults, not failures.</summary>
    public int LostAttempts { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? NotBefore { get; init; }
    public DateTimeOffset? LeaseExpiresAt { get; init; }
    public string? Holder { get; init; }
    public AgentOptions Agent { get; init; } = new();

    /// <summary>What the agent of the current (or last) attempt has done so far.</summary>
    public AgentProgress? Progress { get; init; }

    /// <summary>Cost over all attempts, when the agent reports cost.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>The batch this item was submitted in (<c>submit -f</c>, a schedule), if any.</summary>
    public Guid? BatchId { get; init; }

    /// <summary>Why a Pending or Queued item is not running yet; null while it runs or once it ended.</summary>
    public WaitingReason? Waiting { get; init; }

    /// <summary>Why a Skipped item was skipped ("dependency build failed").</summary>
    public string? SkipReason { get; init; }
    /// <summary>The pipeline this item is a step of (its id, step name and review round), if any.</summary>
    public Pipelines.ItemPipelineView? Pipeline { get; init; }

    public IReadOnlyList<AttemptView> Attempts { get; init; } = [];
    public ResultView? Result { get; init; }
}
