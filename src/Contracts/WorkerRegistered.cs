namespace Stamina.Contracts;

/// <summary>The run is the name's current one: it may take work.</summary>
public record WorkerRegistered
{
    public string Name { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
}
