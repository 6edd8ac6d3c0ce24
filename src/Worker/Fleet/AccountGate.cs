using Stamina.Contracts;

namespace Stamina.Worker.Fleet;

/// <summary>
/// Whether this worker's account may take work: open, limited until a reset time (a usage limit), or
/// paused until a human resumes it (for example: not logged in). Waiters wake when it opens again.
/// </summary>
public sealed class AccountGate(TimeProvider clock)
{
    /// <summary>No usage limit rests an account longer; a reset read further out is a misread date.</summary>
    public static readonly TimeSpan LongestRest = TimeSpan.FromDays(7);

    /// <summary>Waits are taken in steps, well inside what a timer accepts.</summary>
    static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    readonly Lock gate = new();
    DateTimeOffset? limitedUntil;
    string? attention;
    TaskCompletionSource changed = NewSignal();

    public (WorkerStatus? Status, DateTimeOffset? LimitedUntil, string? Attention) Snapshot()
    {
        lock (gate)
        {
            if (attention is not null)
                return (WorkerStatus.Paused, null, attention);
            if (limitedUntil is { } until && until > clock.GetUtcNow())
                return (WorkerStatus.Limited, until, null);
            return (null, null, null);
        }
    }

    public bool IsOpen => Snapshot().Status is null;

    public void Limit(DateTimeOffset until)
    {
        var latest = clock.GetUtcNow() + LongestRest;
        if (until > latest)
            until = latest;
        lock (gate)
        {
            if (limitedUntil is null || until > limitedUntil)
                limitedUntil = until;
            Signal();
        }
    }

    public void Pause(string why)
    {
        lock (gate)
        {
            attention = why;
            Signal();
        }
    }

    public void Resume()
    {
        lock (gate)
        {
            attention = null;
            limitedUntil = null;
            Signal();
        }
    }

    /// <summary>Returns when the account may take work again; cancellation (shutdown) ends the wait early.</summary>
    public async Task WaitUntilOpenAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wake;
            TimeSpan? wait;
            lock (gate)
            {
                wake = changed.Task;
                var now = clock.GetUtcNow();
                if (attention is null && (limitedUntil is null || limitedUntil <= now))
                    return;
                wait = attention is null ? limitedUntil!.Value - now : null;
            }
            using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var step = wait is { } delay && delay < LongestWait ? delay : LongestWait;
            var timer = Task.Delay(step, clock, stopTimer.Token);
            await Task.WhenAny(wake, timer);
            await stopTimer.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    void Signal()
    {
        changed.TrySetResult();
        changed = NewSignal();
    }

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
