namespace Stamina.Contracts;

/// <summary>The attempt heartbeat. Answered by <see cref="LeaseRenewed"/> or <see cref="LeaseLost"/>.</summary>
public record RenewLease
{
    public Guid WorkItemId { get; init; }
    public int Attempt { get; init; }
    public string Worker { get; init; } = "";

    /// <summary>The attempt's secret from its claim grant: proves the renewal comes from the holder.</summary>
    public AttemptSecret? Secret { get; init; }

    public DateTimeOffset? LastOutputAt { get; init; }
    public AgentProgress? Progress { get; init; }

    /// <summary>The newest checkpoint pushed since the attempt started.</summary>
    public Checkpoint? Checkpoint { get; init; }
}
