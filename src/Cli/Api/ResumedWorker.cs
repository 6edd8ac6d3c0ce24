namespace Stamina.Cli.Api;

/// <summary>The body of <c>POST /api/workers/{name}/resume</c>.</summary>
sealed record ResumedWorker
{
    public string? Name { get; init; }
}
