using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Redaction;
using Stamina.Worker.Redaction;

namespace Stamina.Worker.Execution;

/// <summary>Delivers an attempt's result, asking again until the coordinator answers either way (<see cref="CompletionPipeline"/>).</summary>
public sealed class CompletionSender(
    IRequestClient<CompleteAttempt> client,
    IHostApplicationLifetime lifetime,
    IOptions<WorkerSettings> options,
    TimeProvider clock,
    SecretRedactor redactor,
    ILogger<CompletionSender> logger) : ICompletionSender
{
    readonly WorkerSettings settings = options.Value;

    public async Task<bool> SendAsync(CompleteAttempt completion, CancellationToken cancellationToken)
    {
        completion = completion.Redacted(redactor);
        var pipeline = CompletionPipeline.Build(settings, clock, clock.GetUtcNow() + settings.CompletionPatience, cancellationToken, lifetime.ApplicationStopping,
            unanswered: exception => logger.LogWarning("The result of {WorkItemId} was not answered ({Message}); asking again", completion.WorkItemId, exception.Message));
        try
        {
            var response = await pipeline.ExecuteAsync(async token =>
                await client.GetResponseWithinAsync<CompleteAttempt, CompletionAccepted, CompletionRejected>(completion, settings.CompletionRequestTimeout, TimeProvider.System, token),
                cancellationToken);
            switch (response.Message)
            {
                case CompletionAccepted accepted:
                    logger.LogInformation("{WorkItemId} attempt {Attempt} ended {Outcome}; item is {State}",
                        completion.WorkItemId, completion.Attempt, completion.Outcome, accepted.State);
                    return true;
                case CompletionRejected rejected:
                    logger.LogWarning("Result of {WorkItemId} attempt {Attempt} rejected as stale: {Reason}", completion.WorkItemId, completion.Attempt, rejected.Reason);
                    return false;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Result of {WorkItemId} attempt {Attempt} not delivered ({Message}); the lease will bring the item back",
                completion.WorkItemId, completion.Attempt, exception.Message);
        }
        return false;
    }
}
