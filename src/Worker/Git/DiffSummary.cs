namespace Stamina.Worker.Git;

/// <summary>What an attempt changed between its base and its last commit; binary files count with 0/0 lines.</summary>
public sealed record DiffSummary(
    string BaseCommit, string HeadCommit, int Commits, int FilesChanged, int Insertions, int Deletions);
