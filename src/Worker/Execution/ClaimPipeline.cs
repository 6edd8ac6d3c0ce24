using MassTransit;
using Polly;
using Polly.Retry;
using Stamina.Contracts;

namespace Stamina.Worker.Execution;

/// <summary>
/// How a claim is asked again: after the coordinator's "retry after" (a live-looking holder has the item) by the wait
/// it names, after no answer by <see cref="WorkerSettings.ClaimRetryDelay"/>; never once the next ask would start after
/// its deadline. Cancellation is never retried.
/// </summary>
static class ClaimPipeline
{
    public static ResiliencePipeline<Response<ClaimGranted, ClaimRejected>> Build(
        WorkerSettings settings, TimeProvider clock, DateTimeOffset deadline, CancellationToken cancellation, Action<Exception> unanswered)
    {
        TimeSpan? WaitBefore(Outcome<Response<ClaimGranted, ClaimRejected>> outcome) => outcome switch
        {
            { Exception: OperationCanceledException } when cancellation.IsCancellationRequested => null,
            { Exception: not null } => settings.ClaimRetryDelay,
            { Result.Message: ClaimRejected { RetryAfter: { } retryAfter } } => retryAfter,
            _ => null,
        };
        return new ResiliencePipelineBuilder<Response<ClaimGranted, ClaimRejected>> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<Response<ClaimGranted, ClaimRejected>>
            {
                MaxRetryAttempts = int.MaxValue, // the deadline ends it
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(WaitBefore(args.Outcome) is { } wait && clock.GetUtcNow() + wait <= deadline),
                DelayGenerator = args => ValueTask.FromResult(WaitBefore(args.Outcome)),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } exception)
                        unanswered(exception);
                    return default;
                },
            })
            .Build();
    }
}
