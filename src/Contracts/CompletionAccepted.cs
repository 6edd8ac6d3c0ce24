namespace Stamina.Contracts;

public record CompletionAccepted
{
    public Guid WorkItemId { get; init; }
    public int Attempt { get; init; }
    public string State { get; init; } = "";
}
