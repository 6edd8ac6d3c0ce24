namespace Stamina.Cli.Api;

sealed record ItemResult
{
    public string? Branch { get; init; }
    public string? BaseCommit { get; init; }
    public string? HeadCommit { get; init; }
    public int Commits { get; init; }
    public int FilesChanged { get; init; }
    public int Insertions { get; init; }
    public int Deletions { get; init; }
    public int? ExitCode { get; init; }
    public string? Summary { get; init; }
    public int? Attempt { get; init; }
}
