namespace Stamina.Coordinator.Board;

/// <summary>The data of an <c>item</c> event: enough to update a row, and a cue to fetch the item when more is shown.</summary>
public sealed record ItemChange
{
    public Guid Id { get; init; }
    public string State { get; init; } = "";
    public int Attempt { get; init; }
    public string Pool { get; init; } = "";
    public DateTimeOffset UpdatedAt { get; init; }
}
