using Stamina.Coordinator.Items;

namespace Stamina.Coordinator.Dispatch;

/// <summary>
/// What a hold covers: everything, a pool, a repository or a batch (<see cref="Scopes"/>; <see cref="Key"/> is the
/// pool's name, the repository's URL or the batch's id), why, and how many of its items may still be released this pass
/// (a half-open breaker's probe allows one).
/// </summary>
public sealed record DispatchHoldScope(string Scope, string Key, WaitingReason Reason, int Allow = 0)
{
    public static class Scopes
    {
        public const string All = "all";
        public const string Pool = "pool";
        public const string Repo = "repo";
        public const string Batch = "batch";
    }
}
