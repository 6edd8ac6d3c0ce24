using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;

namespace Stamina.Worker.Execution;

/// <summary>
/// Renews the lease every heartbeat interval while the attempt lives. "Lease lost" aborts the attempt;
/// an unanswered heartbeat is only logged: the coordinator may be restarting, and the lease spans
/// several intervals.
/// </summary>
public sealed class LeaseKeeper(
    IRequestClient<RenewLease> client,
    IOptions<WorkerSettings> settings,
    TimeProvider clock,
    ILogger<LeaseKeeper> logger)
{
    public async Task KeepAsync(RunningAttempt attempt, CancellationToken stop)
    {
        var interval = settings.Value.HeartbeatInterval;
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    var response = await client.GetResponse<LeaseRenewed, LeaseLost>(new RenewLease
                    {
                        WorkItemId = attempt.WorkItemId,
                        Attempt = attempt.Attempt,
                        Worker = settings.Value.Name,
                        Progress = attempt.Progress?.Invoke(),
                        Checkpoint = attempt.LatestCheckpoint,
                    }, stop, RequestTimeout.After(ms: (int)Math.Max(1000, interval.TotalMilliseconds)));
                    if (response.Is(out Response<LeaseLost>? lost))
                    {
                        logger.LogWarning("Lease on {WorkItemId} attempt {Attempt} lost: {Reason}", attempt.WorkItemId, attempt.Attempt, lost.Message.Reason);
                        attempt.Abort(AbortReason.LeaseLost);
                        return;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    logger.LogWarning("Heartbeat for {WorkItemId} attempt {Attempt} went unanswered: {Message}", attempt.WorkItemId, attempt.Attempt, exception.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
