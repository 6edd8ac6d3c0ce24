using Stamina.Coordinator.Items;

namespace Stamina.Coordinator.Dispatch;

/// <summary>
/// The dispatch holds of one moment, as every <see cref="IDispatchHold"/> gave them: what the dispatcher keeps back,
/// what a claim refuses, and why an item waits. One set answers all three, so they cannot disagree.
/// </summary>
public sealed class HoldSet(IReadOnlyList<DispatchHoldScope> scopes, DateTimeOffset readAt)
{
    public static HoldSet None { get; } = new([], DateTimeOffset.MinValue);

    // A pause is a person's decision and says the most; then caps, then breakers and anything else.
    static readonly string[] KindOrder = [WaitingKinds.Pause, WaitingKinds.Cap, WaitingKinds.Breaker];

    public IReadOnlyList<DispatchHoldScope> Scopes { get; } = [.. scopes.OrderBy(s => Rank(s.Reason.Kind))];
    public DateTimeOffset ReadAt { get; } = readAt;

    public bool HasRepoScopes => Scopes.Any(s => s.Scope == DispatchHoldScope.Scopes.Repo);
    public bool HasBatchScopes => Scopes.Any(s => s.Scope == DispatchHoldScope.Scopes.Batch);

    /// <summary>The scopes that cover an item of this pool, repository and batch, most telling first.</summary>
    public IEnumerable<DispatchHoldScope> Covering(string pool, string? repo, string? batchId) =>
        Scopes.Where(s => s.Scope switch
        {
            DispatchHoldScope.Scopes.All => true,
            DispatchHoldScope.Scopes.Pool => s.Key == pool,
            DispatchHoldScope.Scopes.Repo => repo is not null && s.Key == repo,
            DispatchHoldScope.Scopes.Batch => batchId is not null && string.Equals(s.Key, batchId, StringComparison.OrdinalIgnoreCase),
            _ => false,
        });

    /// <summary>
    /// Why a claim of such an item is refused now, or null; a scope that still allows some (a probe) does not refuse. A
    /// repository's breaker is left to its own claim gate, under the breaker's row lock: this set, up to a poll old,
    /// already counts the half-open probe the dispatcher released, and would refuse that very probe.
    /// </summary>
    public WaitingReason? Refusal(string pool, string? repo, string? batchId) =>
        Covering(pool, repo, batchId).FirstOrDefault(s => s.Allow <= 0 && s.Reason.Kind != WaitingKinds.Breaker)?.Reason;

    static int Rank(string kind) => Array.IndexOf(KindOrder, kind) is var index and >= 0 ? index : KindOrder.Length;
}
