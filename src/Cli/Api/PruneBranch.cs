namespace Stamina.Cli.Api;

/// <summary>One attempt branch <c>stamina prune</c> deletes (or would, in a dry run).</summary>
sealed record PruneBranch
{
    public Guid ItemId { get; init; }
    public int Attempt { get; init; }
    public string? Branch { get; init; }
    public string? Repo { get; init; }
    public string? State { get; init; }
    public bool Accepted { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}
