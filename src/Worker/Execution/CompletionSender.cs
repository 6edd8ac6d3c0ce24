using MassTransit;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Redaction;
using Stamina.Worker.Redaction;

namespace Stamina.Worker.Execution;

/// <summary>Delivers an attempt's result, asking again until the coordinator answers either way.</summary>
public sealed class CompletionSender(
    IRequestClient<CompleteAttempt> client,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    SecretRedactor redactor,
    ILogger<CompletionSender> logger)
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public async Task<bool> SendAsync(CompleteAttempt completion, CancellationToken cancellationToken)
    {
        completion = completion.Redacted(redactor);
        var deadline = clock.GetUtcNow() + Patience;
        var delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                var response = await client.GetResponse<CompletionAccepted, CompletionRejected>(completion, cancellationToken, RequestTimeout.After(s: 15));
                if (response.Is(out Response<CompletionAccepted>? accepted))
                {
                    logger.LogInformation("{WorkItemId} attempt {Attempt} ended {Outcome}; item is {State}",
                        completion.WorkItemId, completion.Attempt, completion.Outcome, accepted.Message.State);
                    return true;
                }
                response.Is(out Response<CompletionRejected>? rejectedResponse);
                var rejected = rejectedResponse!.Message;
                logger.LogWarning("Result of {WorkItemId} attempt {Attempt} rejected as stale: {Reason}", completion.WorkItemId, completion.Attempt, rejected.Reason);
                return false;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Stopping (or out of patience): the branch is pushed, and the lease brings the item back.
                if (lifetime.ApplicationStopping.IsCancellationRequested || clock.GetUtcNow() >= deadline)
                {
                    logger.LogWarning("Result of {WorkItemId} attempt {Attempt} not delivered ({Message}); the lease will bring the item back",
                        completion.WorkItemId, completion.Attempt, exception.Message);
                    return false;
                }
                logger.LogWarning("The result of {WorkItemId} was not answered ({Message}); asking again", completion.WorkItemId, exception.Message);
                await Task.Delay(delay, clock, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }
}
