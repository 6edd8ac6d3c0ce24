namespace Stamina.Contracts;

/// <summary>What an attempt left in git: the branch it pushed and its diff against the base.</summary>
public record AttemptResult
{
    public string Branch { get; init; } = "";
    public string BaseCommit { get; init; } = "";
    public string HeadCommit { get; init; } = "";
    public int Commits { get; init; }
    public int FilesChanged { get; init; }
    public int Insertions { get; init; }
    public int Deletions { get; init; }
    public string Summary { get; init; } = "";
}
