using Stamina.Contracts;

namespace Stamina.Worker.Fleet;

/// <summary>
/// Whether this worker may take work: open, limited until a reset time (a usage limit), paused until a human
/// resumes it (for example: not logged in), drained (by an operator, or while its health check fails), outside
/// its shift window, or resting a moment after its pre-task hook refused an item. Waiters wake when it opens again.
/// </summary>
public sealed class AccountGate(TimeProvider clock, ShiftWindow? shift = null)
{
    /// <summary>No usage limit rests an account longer; a reset read further out is a misread date.</summary>
    public static readonly TimeSpan LongestRest = TimeSpan.FromDays(7);

    /// <summary>Waits are taken in steps, well inside what a timer accepts.</summary>
    static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    /// <summary>A hold whose end is now (a clock tick early) is looked at again after this.</summary>
    static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(10);

    readonly Lock gate = new();
    DateTimeOffset? limitedUntil;
    DateTimeOffset? restUntil;
    string? attention;
    string? drained;
    string? unhealthy;
    TaskCompletionSource changed = NewSignal();

    /// <summary>Why the worker takes no work, if it takes none; a short rest after a refusal shows no status.</summary>
    public (WorkerStatus? Status, DateTimeOffset? LimitedUntil, string? Attention) Snapshot()
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (attention is not null)
                return (WorkerStatus.Paused, null, attention);
            if (drained is not null)
                return (WorkerStatus.Drained, null, drained);
            if (unhealthy is not null)
                return (WorkerStatus.Drained, null, unhealthy);
            if (limitedUntil is { } until && until > now)
                return (WorkerStatus.Limited, until, null);
            if (shift is { } window && !window.IsOpen(now))
                return (WorkerStatus.OffShift, null, $"off shift ({window.Text}) until {window.NextOpening(now):u}");
            return (null, null, null);
        }
    }

    public bool IsOpen
    {
        get
        {
            lock (gate)
                return Snapshot().Status is null && !(restUntil > clock.GetUtcNow());
        }
    }

    /// <summary>An operator drained this worker: it finishes its item and takes nothing new until <see cref="Undrain"/>.</summary>
    public void Drain(string why) => Set(() => drained = why);

    public void Undrain() => Set(() => drained = null);

    /// <summary>Whether an operator's drain holds the worker (what its heartbeats tell the coordinator).</summary>
    public bool DrainedByOperator
    {
        get
        {
            lock (gate)
                return drained is not null;
        }
    }

    /// <summary>The health check failed (<paramref name="why"/>) or, with null, passed again.</summary>
    public void SetUnhealthy(string? why) => Set(() => unhealthy = why);

    /// <summary>Takes no work for a moment (the pre-task hook refused an item), so another worker gets it first.</summary>
    public void Rest(TimeSpan pause) => Set(() => restUntil = clock.GetUtcNow() + pause);

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

    public void Pause(string why) => Set(() => attention = why);

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
                if (IsOpen)
                    return;
                wait = WaitFor(clock.GetUtcNow());
            }
            using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var step = wait is { } delay && delay < LongestWait ? delay : LongestWait;
            if (step < MinimumWait)
                step = MinimumWait;
            var timer = Task.Delay(step, clock, stopTimer.Token);
            await Task.WhenAny(wake, timer);
            await stopTimer.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>How long until a timed hold ends; null when a hold waits for a person or a health check.</summary>
    TimeSpan? WaitFor(DateTimeOffset now)
    {
        if (attention is not null || drained is not null || unhealthy is not null)
            return null;
        var opens = now;
        if (limitedUntil > opens)
            opens = limitedUntil.Value;
        if (restUntil > opens)
            opens = restUntil.Value;
        if (shift is { } window)
            opens = window.NextOpening(opens);
        return opens - now;
    }

    void Set(Action change)
    {
        lock (gate)
        {
            change();
            Signal();
        }
    }

    void Signal()
    {
        changed.TrySetResult();
        changed = NewSignal();
    }

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
