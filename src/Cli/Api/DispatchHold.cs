namespace Stamina.Cli.Api;

/// <summary>One hold on dispatch: its scope (all, pool, repo, batch), key, and the reason its items show.</summary>
sealed record DispatchHold
{
    public string? Scope { get; init; }
    public string? Key { get; init; }
    public WaitingReason? Reason { get; init; }
    public int Allow { get; init; }
}
