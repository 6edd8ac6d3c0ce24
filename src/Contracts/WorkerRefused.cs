namespace Stamina.Contracts;

/// <summary>Another run of the name is alive; <see cref="Reason"/> names it. The refused run must exit.</summary>
public record WorkerRefused
{
    public string Name { get; init; } = "";
    public string Reason { get; init; } = "";
}
