namespace Stamina.Coordinator.Breakers;

/// <summary>
/// One breaker's state machine, over its stored row. Closed: failures of the guarded repository or account are kept
/// for <see cref="BreakerSettings.Window"/>; <see cref="BreakerSettings.Threshold"/> different items failing with one
/// signature open it (one item's own retries are that item's trouble, not the repository's or the account's). Open
/// until the cool-down ends, then half-open: the first attempt started after the cool-down is the probe. Its success
/// closes the breaker; its failure with the signature re-opens it with a doubled cool-down (capped); any other ending
/// leaves it half-open for the next probe. Endings of attempts that started before the cool-down ended decide nothing.
/// </summary>
public sealed class CircuitBreaker
{
    /// <summary>Bounds the stored row whatever the settings: the oldest failures go first.</summary>
    const int MaxRecent = 200;

    public Guid Id { get; init; } = Guid.NewGuid();
    public required string Scope { get; init; }
    public required string Key { get; init; }
    public string? Signature { get; private set; }
    public DateTimeOffset? OpenedAt { get; private set; }
    public DateTimeOffset? OpenUntil { get; private set; }
    public TimeSpan CoolDown { get; private set; }
    public int Trips { get; private set; }
    public List<BreakerFailure> Recent { get; private set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Restores a stored breaker.</summary>
    public static CircuitBreaker Restore(Guid id, string scope, string key, string? signature, DateTimeOffset? openedAt,
        DateTimeOffset? openUntil, TimeSpan coolDown, int trips, IEnumerable<BreakerFailure> recent, DateTimeOffset updatedAt) => new()
        {
            Id = id,
            Scope = scope,
            Key = key,
            Signature = signature,
            OpenedAt = openedAt,
            OpenUntil = openUntil,
            CoolDown = coolDown,
            Trips = trips,
            Recent = [.. recent],
            UpdatedAt = updatedAt,
        };

    public string StatusAt(DateTimeOffset now) => OpenUntil switch
    {
        null => BreakerStatuses.Closed,
        { } until when now < until => BreakerStatuses.Open,
        _ => BreakerStatuses.HalfOpen,
    };

    /// <summary>Whether an attempt started at <paramref name="startedAt"/> is (or may be) the half-open breaker's probe.</summary>
    public bool IsProbe(DateTimeOffset startedAt) => OpenUntil is { } until && startedAt >= until;

    /// <summary>An item's own failure (never a fault). True when this failure opened the breaker (again).</summary>
    /// <param name="repo">The failed item's repository; for an account's breaker (<paramref name="minRepos"/> 2) the
    /// failures must span repositories: one broken repository is its own breaker's business, and must not stop the
    /// account's work on every other repository.</param>
    public bool RecordFailure(string signature, Guid item, DateTimeOffset attemptStartedAt, DateTimeOffset now, BreakerSettings settings,
        string? repo = null, int minRepos = 1)
    {
        UpdatedAt = now;
        switch (StatusAt(now))
        {
            case BreakerStatuses.Closed:
                Recent.RemoveAll(failure => failure.At <= now - settings.Window);
                Recent.Add(new BreakerFailure(signature, item, now, repo));
                if (Recent.Count > MaxRecent)
                    Recent.RemoveRange(0, Recent.Count - MaxRecent);
                var same = Recent.Where(failure => failure.Signature == signature).ToList();
                if (same.Select(failure => failure.Item).Distinct().Count() < settings.Threshold
                    || same.Select(failure => failure.Repo).Distinct().Count() < minRepos)
                {
                    return false;
                }

                Open(signature, settings.CoolDown, now);
                return true;
            case BreakerStatuses.HalfOpen when IsProbe(attemptStartedAt) && signature == Signature:
                var longer = CoolDown + CoolDown;
                Open(signature, longer < settings.MaxCoolDown ? longer : settings.MaxCoolDown, now);
                return true;
            default:
                // Open: attempts that were running when it opened end as they will. Half-open with another failure:
                // the fault that opened it did not show, nor did a success; the next probe decides.
                return false;
        }
    }

    /// <summary>An item's success. True when it closed the breaker (it was the half-open breaker's probe).</summary>
    public bool RecordSuccess(DateTimeOffset attemptStartedAt, DateTimeOffset now)
    {
        if (StatusAt(now) != BreakerStatuses.HalfOpen || !IsProbe(attemptStartedAt))
            return false;
        Close(now);
        return true;
    }

    /// <summary>An operator's reset: closed, with its history forgotten.</summary>
    public void Close(DateTimeOffset now)
    {
        Signature = null;
        OpenedAt = null;
        OpenUntil = null;
        CoolDown = TimeSpan.Zero;
        Trips = 0;
        Recent = [];
        UpdatedAt = now;
    }

    void Open(string signature, TimeSpan coolDown, DateTimeOffset now)
    {
        Signature = signature;
        OpenedAt = now;
        CoolDown = coolDown;
        OpenUntil = now + coolDown;
        Trips++;
        Recent = [];
    }
}
