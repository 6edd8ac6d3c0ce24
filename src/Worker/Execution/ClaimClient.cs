using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Telemetry;
using Stamina.Worker.Fleet;

namespace Stamina.Worker.Execution;

/// <summary>
/// Asks for the claim. When a live-looking holder has it (we got its redelivered message), asks again
/// as the coordinator suggests, up to a limit; when the coordinator does not answer, keeps asking too
/// (<see cref="ClaimPipeline"/>).
/// </summary>
public sealed class ClaimClient(
    IRequestClient<ClaimWorkItem> client,
    IOptions<WorkerSettings> options,
    TimeProvider clock,
    ILogger<ClaimClient> logger) : IClaimClient
{
    readonly WorkerSettings settings = options.Value;

    public async Task<ClaimOutcome> ClaimAsync(ExecuteWorkItem item, bool redelivered, CancellationToken cancellationToken)
    {
        using var span = StaminaActivities.Source.StartActivity(StaminaActivities.Claim);
        span?.SetTag(StaminaActivities.ItemId, item.WorkItemId).SetTag(StaminaActivities.Attempt, item.Attempt).SetTag(StaminaActivities.Pool, item.Pool);
        var request = new ClaimWorkItem
        {
            WorkItemId = item.WorkItemId,
            Attempt = item.Attempt,
            Worker = WorkerIdentityFactory.Create(settings),
            Redelivered = redelivered,
        };
        var pipeline = ClaimPipeline.Build(settings, clock, clock.GetUtcNow() + settings.ClaimWaitLimit, cancellationToken,
            unanswered: exception => logger.LogWarning("The claim on {WorkItemId} was not answered ({Message}); asking again", item.WorkItemId, exception.Message));
        try
        {
            var response = await pipeline.ExecuteAsync(async token =>
                await client.GetResponseWithinAsync<ClaimWorkItem, ClaimGranted, ClaimRejected>(request, settings.ClaimRequestTimeout, TimeProvider.System, token), cancellationToken);
            switch (response.Message)
            {
                case ClaimGranted granted:
                    span?.SetTag(StaminaActivities.Outcome, "granted");
                    return new ClaimOutcome(granted, null);
                case ClaimRejected { RetryAfter: null } rejected:
                    span?.SetTag(StaminaActivities.Outcome, "rejected");
                    logger.LogInformation("Claim on {WorkItemId} attempt {Attempt} rejected: {Reason}", item.WorkItemId, item.Attempt, rejected.Reason);
                    return new ClaimOutcome(null, rejected.AccountLimitedUntil, rejected.WorkerDrained);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Unanswered to the end: given up below, like a holder that kept its claim.
        }
        logger.LogInformation("Gave up the claim on {WorkItemId}: still held after {Limit}", item.WorkItemId, settings.ClaimWaitLimit);
        return new ClaimOutcome(null, null);
    }
}
