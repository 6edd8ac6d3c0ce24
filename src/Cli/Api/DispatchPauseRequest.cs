namespace Stamina.Cli.Api;

/// <summary>The body of <c>POST /api/dispatch/pause</c> and <c>/resume</c>.</summary>
sealed record DispatchPauseRequest
{
    public string? Pool { get; init; }
    public string? Reason { get; init; }
}
