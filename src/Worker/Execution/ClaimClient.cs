using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Telemetry;
using Stamina.Worker.Fleet;

namespace Stamina.Worker.Execution;

/// <summary>
/// Asks for the claim. When a live-looking holder has it (we got its redelivered message), asks again
/// as the coordinator suggests, up to a limit; when the coordinator does not answer, keeps asking too.
/// </summary>
public sealed class ClaimClient(
    IRequestClient<ClaimWorkItem> client,
    IOptions<WorkerSettings> settings,
    TimeProvider clock,
    ILogger<ClaimClient> logger)
{
    public async Task<ClaimOutcome> ClaimAsync(ExecuteWorkItem item, bool redelivered, CancellationToken cancellationToken)
    {
        using var span = StaminaActivities.Source.StartActivity(StaminaActivities.Claim);
        span?.SetTag(StaminaActivities.ItemId, item.WorkItemId).SetTag(StaminaActivities.Attempt, item.Attempt).SetTag(StaminaActivities.Pool, item.Pool);
        var deadline = clock.GetUtcNow() + settings.Value.ClaimWaitLimit;
        var request = new ClaimWorkItem
        {
            WorkItemId = item.WorkItemId,
            Attempt = item.Attempt,
            Worker = WorkerIdentityFactory.Create(settings.Value),
            Redelivered = redelivered,
        };
        while (true)
        {
            TimeSpan wait;
            try
            {
                var response = await client.GetResponse<ClaimGranted, ClaimRejected>(request, cancellationToken, RequestTimeout.After(s: 10));
                if (response.Is(out Response<ClaimGranted>? granted))
                {
                    span?.SetTag(StaminaActivities.Outcome, "granted");
                    return new ClaimOutcome(granted.Message, null);
                }
                response.Is(out Response<ClaimRejected>? rejectedResponse);
                var rejected = rejectedResponse!.Message;
                if (rejected.RetryAfter is null)
                {
                    span?.SetTag(StaminaActivities.Outcome, "rejected");
                    logger.LogInformation("Claim on {WorkItemId} attempt {Attempt} rejected: {Reason}", item.WorkItemId, item.Attempt, rejected.Reason);
                    return new ClaimOutcome(null, rejected.AccountLimitedUntil, rejected.WorkerDrained);
                }
                wait = rejected.RetryAfter.Value;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("The claim on {WorkItemId} was not answered ({Message}); asking again", item.WorkItemId, exception.Message);
                wait = TimeSpan.FromSeconds(1);
            }
            if (clock.GetUtcNow() + wait > deadline)
            {
                logger.LogInformation("Gave up the claim on {WorkItemId}: still held after {Limit}", item.WorkItemId, settings.Value.ClaimWaitLimit);
                return new ClaimOutcome(null, null);
            }
            await Task.Delay(wait, clock, cancellationToken);
        }
    }
}
