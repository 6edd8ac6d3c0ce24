namespace Stamina.Cli.Api;

/// <summary>The body of <c>POST /api/workers/{name}/drain</c> and <c>/undrain</c>.</summary>
sealed record DrainedWorker
{
    public string? Name { get; init; }
    public bool Drained { get; init; }
}
