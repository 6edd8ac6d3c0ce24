namespace Stamina.Contracts;

/// <summary>The run is the name's current one: it may take work.</summary>
public record WorkerRegistered
{
    public string Name { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>An operator drained the name (<see cref="DrainWorker"/>): the run takes no work until undrained.</summary>
    public bool Drained { get; init; }
}
