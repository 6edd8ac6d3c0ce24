namespace Stamina.Contracts;

public record WorkerStopped
{
    public string Name { get; init; } = "";
    public DateTimeOffset StoppedAt { get; init; }
}
