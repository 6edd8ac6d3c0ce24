namespace Stamina.Coordinator.Dependencies;

/// <summary>One dependency of an item as the resolver reads it: its state, its name for people, and its result's branch.</summary>
public sealed record DependencyRow
{
    public Guid DependsOn { get; init; }
    public bool BaseFrom { get; init; }
    public string State { get; init; } = "";
    public string? BatchKey { get; init; }
    public string? Branch { get; init; }

    /// <summary>The task key within its batch, else the id's first 8 digits (as the CLI shows ids).</summary>
    public string Name => BatchKey ?? DependsOn.ToString("N")[..8];
}
