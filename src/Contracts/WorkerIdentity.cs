namespace Stamina.Contracts;

/// <summary>Who is asking: one worker process, bound to one pool and at most one agent account.</summary>
public record WorkerIdentity
{
    public string Name { get; init; } = "";
    public string Machine { get; init; } = "";
    public string Pool { get; init; } = "";
    public string? Account { get; init; }
}
