namespace Stamina.Coordinator.Api;

/// <summary>The body of <c>POST /api/workers/{name}/drain</c> and <c>/undrain</c>.</summary>
public sealed record WorkerDrainAnswer
{
    public string Name { get; init; } = "";
    public bool Drained { get; init; }
}
