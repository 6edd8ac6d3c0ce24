namespace Stamina.Coordinator.Reports;

/// <summary>The accepted result's diff stat against the item's base commit.</summary>
public sealed record ReportDiff
{
    public int Commits { get; init; }
    public int FilesChanged { get; init; }
    public int Insertions { get; init; }
    public int Deletions { get; init; }
}
