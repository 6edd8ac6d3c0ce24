using System.Diagnostics.Metrics;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Telemetry;

namespace Stamina.Coordinator.Breakers;

/// <summary>
/// Feeds an accepted completion to the breakers of its repository and its account, in the saga's transaction (through
/// the journal), so a crash cannot lose a failure or count it twice: a redelivered result is refused as stale.
/// </summary>
public sealed class BreakerRecorder(BreakerSettings settings, IMeterFactory meters, ILogger logger)
{
    readonly Counter<long> opened = meters.Create(CoordinatorMetrics.MeterName)
        .CreateCounter<long>("stamina.breakers.opened", description: "Circuit breakers opened (again), by scope");

    public BreakerSettings Settings => settings;

    /// <summary>The breakers this completion opened, for the caller to tell of.</summary>
    public async Task<IReadOnlyList<CircuitBreaker>> RecordAsync(BreakerBook? book, Guid itemId, int attempt, AttemptEnding ending, DateTimeOffset now)
    {
        if (!settings.Enabled || book is null)
            return [];
        var signature = BreakerCounting.FailureSignatureOf(ending);
        var success = BreakerCounting.IsSuccess(ending);
        if (signature is null && !success)
            return [];
        if (await book.SubjectsAsync(itemId, attempt) is not { } subjects)
            return [];

        var tripped = new List<CircuitBreaker>();
        // Always the repository first, then the account: two events never wait for each other's breaker in a cycle.
        foreach (var (scope, key) in new[] { (BreakerScopes.Repo, subjects.Repo), (BreakerScopes.Account, subjects.Account) })
        {
            if (string.IsNullOrEmpty(key))
                continue;
            // A success changes only a breaker that exists (a half-open one's probe); a failure may make the row.
            if (await book.LockAsync(scope, key, now, create: signature is not null) is not { } breaker)
                continue;
            var changed = signature is not null
                ? breaker.RecordFailure(signature, itemId, subjects.StartedAt, now, settings, subjects.Repo, scope == BreakerScopes.Account ? 2 : 1)
                : breaker.RecordSuccess(subjects.StartedAt, now);
            await book.SaveAsync(breaker);
            if (!changed)
                continue;
            if (breaker.OpenUntil is { } until)
            {
                tripped.Add(breaker);
                opened.Add(1, CoordinatorMetrics.Tag("scope", scope));
                logger.LogWarning("Circuit breaker of {Scope} {Key} opened until {Until} ({Trips} trips): {Signature}",
                    scope, key, until, breaker.Trips, breaker.Signature);
            }
            else
            {
                logger.LogInformation("Circuit breaker of {Scope} {Key} closed: its probe {WorkItemId} succeeded", scope, key, itemId);
            }
        }
        return tripped;
    }
}
