namespace Stamina.Coordinator.Api;

/// <summary>The body of <c>POST /api/workers/{name}/resume</c>: the worker told to take work again.</summary>
public sealed record WorkerResumeAnswer
{
    public string Name { get; init; } = "";
}
