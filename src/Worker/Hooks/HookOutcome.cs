namespace Stamina.Worker.Hooks;

/// <summary>The attempt's outcome as a post-task hook sees it.</summary>
public sealed record HookOutcome
{
    public string Outcome { get; init; } = "";
    public int? ExitCode { get; init; }
    public string? HeadCommit { get; init; }
    public int Commits { get; init; }
    public int FilesChanged { get; init; }
}
