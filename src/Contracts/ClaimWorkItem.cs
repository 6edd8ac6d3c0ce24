namespace Stamina.Contracts;

/// <summary>A worker asks for the claim on an item it received. Answered by <see cref="ClaimGranted"/> or <see cref="ClaimRejected"/>.</summary>
public record ClaimWorkItem
{
    public Guid WorkItemId { get; init; }
    public int Attempt { get; init; }
    public WorkerIdentity Worker { get; init; } = new();

    /// <summary>The broker redelivered the message: its previous holder's connection died.</summary>
    public bool Redelivered { get; init; }
}
