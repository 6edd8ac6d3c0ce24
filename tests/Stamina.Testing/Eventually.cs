using System.Diagnostics;

namespace Stamina.Testing;

/// <summary>
/// Waits for a condition by polling it with a deadline, instead of sleeping a fixed time and hoping.
/// <code>await Eventually.UntilAsync(async () => await vhost.GetQueueAsync("q") is not null, TimeSpan.FromSeconds(10), "queue q is declared");</code>
/// </summary>
public static class Eventually
{
    /// <summary>Time between two polls: short enough not to slow tests, long enough not to hammer the services.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(75);

    /// <summary>How long one check may run past the deadline before it counts as hung.</summary>
    static readonly TimeSpan SlowCheck = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Polls <paramref name="condition"/> until it returns true. An exception from the condition counts as
    /// "not yet" (a service may still be starting) and is attached to the <see cref="TimeoutException"/>
    /// thrown when <paramref name="timeout"/> has passed.
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        Exception? lastError = null;
        while (true)
        {
            attempts++;
            try
            {
                // A check that never returns (a call that ignores its own timeout) must not hold the deadline back
                // for ever; a slow one still gets its time.
                var left = timeout - clock.Elapsed;
                if (await condition().WaitAsync(left > SlowCheck ? left : SlowCheck, cancellationToken))
                    return;
                lastError = null;
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                lastError = error;
            }
            if (clock.Elapsed >= timeout)
            {
                var reason = lastError is null ? "" : $" The last check threw {lastError.GetType().Name}: {lastError.Message}";
                throw new TimeoutException(
                    $"Timed out after {timeout.TotalSeconds:0.###} s ({attempts} checks) waiting until {description}.{reason}", lastError);
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>The same for a synchronous condition.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), timeout, description, cancellationToken);
    }
}
