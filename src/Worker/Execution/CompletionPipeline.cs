using MassTransit;
using Polly;
using Polly.Retry;
using Stamina.Contracts;

namespace Stamina.Worker.Execution;

/// <summary>
/// How a result is sent again: whenever it goes unanswered (the coordinator, its database or the broker may be
/// restarting), after <see cref="WorkerSettings.CompletionRetryDelay"/> doubling up to
/// <see cref="WorkerSettings.CompletionMaxRetryDelay"/>, until an answer either way, the worker stops, or
/// its deadline passes. An answer, accepted or rejected, is final; cancellation is never retried.
/// </summary>
static class CompletionPipeline
{
    public static ResiliencePipeline<Response<CompletionAccepted, CompletionRejected>> Build(
        WorkerSettings settings, TimeProvider clock, DateTimeOffset deadline, CancellationToken cancellation, CancellationToken stopping,
        Action<Exception> unanswered) =>
        new ResiliencePipelineBuilder<Response<CompletionAccepted, CompletionRejected>> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<Response<CompletionAccepted, CompletionRejected>>
            {
                MaxRetryAttempts = int.MaxValue, // the deadline ends it
                BackoffType = DelayBackoffType.Exponential,
                Delay = settings.CompletionRetryDelay,
                MaxDelay = settings.CompletionMaxRetryDelay,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception switch
                {
                    null => false,
                    OperationCanceledException when cancellation.IsCancellationRequested => false,
                    // Stopping (or out of patience): the branch is pushed, and the lease brings the item back.
                    _ => !stopping.IsCancellationRequested && clock.GetUtcNow() < deadline,
                }),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } exception)
                        unanswered(exception);
                    return default;
                },
            })
            .Build();
}
