namespace Stamina.Cli.Api;

sealed record ReportDiff
{
    public int Commits { get; init; }
    public int FilesChanged { get; init; }
    public int Insertions { get; init; }
    public int Deletions { get; init; }
}
