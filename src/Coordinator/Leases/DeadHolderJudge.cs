using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Leases;

/// <summary>
/// Decides whether a redelivered claim may take over before the holder's silence is long enough: only when the
/// broker says the holder's queues are gone, and they are still gone when the claimant asks again
/// <see cref="LeaseSettings.DeadHolderConfirmation"/> later (a live worker reconnecting after a blip declares them
/// again). The wait is the claimant's, never the saga's transaction: the first sighting answers "ask again". Any doubt
/// (an error, a timeout, queues present) leaves the decision to the silence rule.
/// </summary>
/// <remarks>Sightings live in this process: with several coordinator replicas a claim answered by another one starts its own window.</remarks>
public sealed class DeadHolderJudge(IHolderProbe probe, TimeProvider clock, IOptions<LeaseSettings> settings, ILogger<DeadHolderJudge> logger)
{
    /// <summary>The probe runs inside the claim's transaction: a broker answers in milliseconds, or not in time.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>A sighting older than this belongs to a claim nobody repeated: forgotten.</summary>
    static readonly TimeSpan Forget = TimeSpan.FromMinutes(5);

    readonly ConcurrentDictionary<(Guid Item, int Attempt), DateTimeOffset> firstGone = new();

    public async Task<HolderVerdict> JudgeAsync(Guid itemId, int attempt, string holder, string run)
    {
        var window = settings.Value.DeadHolderConfirmation;
        if (window <= TimeSpan.Zero)
            return HolderVerdict.Undecided;
        var presence = await ProbeAsync(holder, run);
        var key = (itemId, attempt);
        var now = clock.GetUtcNow();
        switch (presence)
        {
            case HolderPresence.Gone:
                var since = firstGone.GetOrAdd(key, now);
                if (since == now)
                    ForgetOld(now);
                if (now - since < window)
                    return HolderVerdict.AskAgain(window - (now - since));
                firstGone.TryRemove(key, out _);
                logger.LogWarning("{Worker}'s queues (run {Run}) have been gone for {Gone}: {WorkItemId} attempt {Attempt} is taken over at once",
                    holder, run, now - since, itemId, attempt);
                return HolderVerdict.Confirmed;
            case HolderPresence.Present:
                // Alive, or the broker has not yet deleted a dead process's queues: look again soon rather than after the silence.
                firstGone.TryRemove(key, out _);
                logger.LogInformation("{Worker} (run {Run}) still has a connection open: {WorkItemId} attempt {Attempt} stays with it",
                    holder, run, itemId, attempt);
                return HolderVerdict.AskAgain(window);
            default:
                firstGone.TryRemove(key, out _);
                return HolderVerdict.Undecided;
        }
    }

    async Task<HolderPresence> ProbeAsync(string holder, string run)
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout, clock);
        try
        {
            return await probe.ProbeAsync(holder, run, timeout.Token);
        }
        catch (Exception exception)
        {
            logger.LogWarning("Could not ask the broker whether {Worker} (run {Run}) is alive ({Message}): its silence decides",
                holder, run, exception.Message);
            return HolderPresence.Unknown;
        }
    }

    void ForgetOld(DateTimeOffset now)
    {
        foreach (var (key, since) in firstGone)
        {
            if (now - since > Forget)
                firstGone.TryRemove(key, out _);
        }
    }
}
