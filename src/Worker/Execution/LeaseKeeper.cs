using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;

namespace Stamina.Worker.Execution;

/// <summary>
/// Renews the lease every heartbeat interval while the attempt lives. "Lease lost" aborts the attempt. An
/// unanswered heartbeat is no reason to stop: the coordinator, its database or the broker may be restarting.
/// But once the coordinator may hand the item to someone else (no renewal confirmed within the lease, or within
/// the redelivery takeover time if shorter; counted on our own monotonic clock from when we asked) the command is
/// held (its process group stopped) so that it never works beside the attempt that may replace it. It goes on as
/// soon as the coordinator confirms the token again, and is given up (work saved, item released) only after
/// <see cref="WorkerSettings.OutagePatience"/>.
/// </summary>
public sealed class LeaseKeeper(
    IRequestClient<RenewLease> client,
    IOptions<WorkerSettings> settings,
    TimeProvider clock,
    ILogger<LeaseKeeper> logger) : ILeaseKeeper
{
    /// <param name="claim">The grant: its lease and takeover time; renewals may change them.</param>
    public async Task KeepAsync(RunningAttempt attempt, ClaimGranted claim, CancellationToken stop)
    {
        var interval = settings.Value.HeartbeatInterval;
        var confirmedFor = ConfirmedFor(claim.LeaseDuration, claim.TakeoverAfter, interval * 3);
        // The claim was granted a moment ago; counting from now errs by one round trip at most.
        attempt.LeaseConfirmedUntil = clock.GetTimestamp() + Ticks(confirmedFor);
        long? heldSince = null;
        // The request's timeout does not cover its send, and a call may hang while MassTransit reconnects: each
        // exchange is abandoned at the timeout, so the keeper keeps its pace and its word in the log.
        var timeout = settings.Value.HeartbeatTimeoutOrDefault();
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var askedAt = clock.GetTimestamp();
                switch (await RenewAsync(attempt, timeout, stop))
                {
                    case LeaseRenewed renewed:
                        attempt.LeaseConfirmedUntil = askedAt + Ticks(ConfirmedFor(renewed.LeaseDuration, renewed.TakeoverAfter, confirmedFor));
                        if (attempt.Hold.Continue())
                        {
                            logger.LogWarning("The coordinator confirms {WorkItemId} attempt {Attempt} after {Held}; its command goes on",
                                attempt.WorkItemId, attempt.Attempt, heldSince is { } since ? clock.GetElapsedTime(since) : TimeSpan.Zero);
                        }

                        heldSince = null;
                        break;
                    case LeaseLost lost:
                        logger.LogWarning("Lease on {WorkItemId} attempt {Attempt} lost: {Reason}", attempt.WorkItemId, attempt.Attempt, lost.Reason);
                        attempt.Abort(AbortReason.LeaseLost);
                        return;
                    default:
                        if (HoldOrGiveUp(attempt, ref heldSince))
                            return;
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>No answer: holds the command once the lease may have run out; true when the hold has outlasted the patience.</summary>
    bool HoldOrGiveUp(RunningAttempt attempt, ref long? heldSince)
    {
        if (attempt.IsLeaseConfirmed(clock))
            return false;
        // The supervisor may have put the hold on already (it looks every second); either way it counts from now.
        if (attempt.Hold.Stop())
        {
            logger.LogWarning("No lease renewal for {WorkItemId} attempt {Attempt} confirmed in time: its command is stopped until the coordinator confirms the token",
                attempt.WorkItemId, attempt.Attempt);
        }

        heldSince ??= clock.GetTimestamp();
        var held = clock.GetElapsedTime(heldSince.Value);
        if (held < settings.Value.OutagePatience)
            return false;
        logger.LogError("{WorkItemId} attempt {Attempt} held for {Held} without word from the coordinator; giving it up (its work is saved)",
            attempt.WorkItemId, attempt.Attempt, held);
        attempt.Abort(AbortReason.OutOfTouch);
        return true;
    }

    /// <summary>
    /// How long a confirmation holds: the lease, or the redelivery takeover time when that is shorter (a redelivered
    /// message lets another worker take over a holder silent that long, before its lease ends).
    /// </summary>
    static TimeSpan ConfirmedFor(TimeSpan lease, TimeSpan takeoverAfter, TimeSpan fallback)
    {
        var confirmed = lease > TimeSpan.Zero ? lease : fallback;
        return takeoverAfter > TimeSpan.Zero && takeoverAfter < confirmed ? takeoverAfter : confirmed;
    }

    long Ticks(TimeSpan span) => (long)(span.TotalSeconds * clock.TimestampFrequency);

    /// <returns><see cref="LeaseRenewed"/>, <see cref="LeaseLost"/>, or null when nobody answered.</returns>
    async Task<object?> RenewAsync(RunningAttempt attempt, TimeSpan timeout, CancellationToken stop)
    {
        var request = new RenewLease
        {
            WorkItemId = attempt.WorkItemId,
            Attempt = attempt.Attempt,
            Worker = settings.Value.Name,
            Secret = attempt.Secret,
            Progress = attempt.Progress?.Invoke(),
            Checkpoint = attempt.LatestCheckpoint,
        };
        try
        {
            var response = await client.GetResponseWithinAsync<RenewLease, LeaseRenewed, LeaseLost>(request, timeout, clock, stop);
            return response.Message;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            logger.LogWarning("Heartbeat for {WorkItemId} attempt {Attempt} went unanswered: {Message}", attempt.WorkItemId, attempt.Attempt, exception.Message);
            return null;
        }
    }
}
