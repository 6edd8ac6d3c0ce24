namespace Stamina.Contracts;

/// <summary>
/// A worker that may not take work now (its account is limited or paused) got an item's message anyway:
/// the coordinator publishes the item again at once so that another worker gets it.
/// </summary>
public record DeclineWorkItem
{
    public Guid WorkItemId { get; init; }
    public int Attempt { get; init; }
    public string Worker { get; init; } = "";
    public string Reason { get; init; } = "";
}
