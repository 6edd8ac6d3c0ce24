namespace Stamina.Coordinator.Breakers;

/// <summary>
/// The claim's side of a repository breaker: messages released before it opened may still sit in the pool's queue, so
/// the claim refuses an item of a repository whose breaker is open, or half-open with its probe already running. The
/// row is locked for the half-open check, so two claims at once do not both become the probe.
/// </summary>
public static class RepoBreakerGate
{
    /// <summary>Why the item may not start now, or null.</summary>
    public static async Task<string?> RefusalAsync(BreakerBook? book, BreakerSettings settings, Guid itemId, DateTimeOffset now)
    {
        if (!settings.Enabled || book is null || await book.RepoOfAsync(itemId) is not { } repo)
            return null;
        if (await book.FindAsync(BreakerScopes.Repo, repo) is not { OpenUntil: { } until })
            return null;
        if (now < until)
            return $"repository breaker open until {until:O}";
        var breaker = await book.LockAsync(BreakerScopes.Repo, repo, now);
        if (breaker.OpenUntil is not { } since)
            return null;
        if (now < since)
            return $"repository breaker open until {since:O}";
        return await book.RunningProbesAsync(BreakerScopes.Repo, repo, since) == 0 ? null : "repository breaker half-open: its probe runs";
    }
}
