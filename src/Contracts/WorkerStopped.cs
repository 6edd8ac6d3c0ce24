namespace Stamina.Contracts;

public record WorkerStopped
{
    public string Name { get; init; } = "";

    /// <summary>Which run of the worker stopped: a late goodbye must not mark its successor offline.</summary>
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset StoppedAt { get; init; }
}
