namespace Stamina.Coordinator.Leadership;

/// <summary>
/// Runs <typeparamref name="TLoop"/> only while this coordinator leads: started when a term begins, its stopping token
/// cancelled the moment the term ends (so it stops at once, not at its next pass), and started again at the next term.
/// A loop that fails stops the host, as it would unwrapped.
/// </summary>
public sealed class LeaderOnly<TLoop>(TLoop loop, CoordinatorLeadership leadership, ILogger<LeaderOnly<TLoop>> logger) : BackgroundService
    where TLoop : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await leadership.WaitForTermAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            using var running = CancellationTokenSource.CreateLinkedTokenSource(term, stoppingToken);
            logger.LogDebug("Starting {Loop}: this coordinator leads", typeof(TLoop).Name);
            await loop.StartAsync(running.Token);
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (running.Token.Register(() => ended.TrySetResult()))
            {
                await Task.WhenAny(loop.ExecuteTask ?? Task.CompletedTask, ended.Task);
                // A failure while the term goes on rethrows (the host's BackgroundServiceExceptionBehavior decides, as for
                // any loop); one caused by the term's end (a call it aborted) is the end of the term, not a failure.
                if (loop.ExecuteTask is { IsFaulted: true } failed && !running.Token.IsCancellationRequested)
                    await failed;
                // A loop that ended by itself (nothing to do, e.g. no webhooks) is not started again within the term.
                await ended.Task;
            }
            await loop.StopAsync(CancellationToken.None);
            logger.LogDebug("Stopped {Loop}: this coordinator no longer leads or is stopping", typeof(TLoop).Name);
        }
    }
}
