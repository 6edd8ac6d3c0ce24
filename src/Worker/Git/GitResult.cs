namespace Stamina.Worker.Git;

/// <summary>How a git command ended. Output and Error are bounded tails of stdout and stderr.</summary>
public sealed record GitResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;
}
