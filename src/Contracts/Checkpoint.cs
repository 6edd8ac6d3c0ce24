namespace Stamina.Contracts;

/// <summary>Work in progress pushed to the attempt's branch; a later attempt starts from it.</summary>
public record Checkpoint
{
    public string Branch { get; init; } = "";
    public string Commit { get; init; } = "";
    public string BaseCommit { get; init; } = "";
    public DateTimeOffset At { get; init; }
}
