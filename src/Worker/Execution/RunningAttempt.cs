using Stamina.Contracts;

namespace Stamina.Worker.Execution;

/// <summary>The attempt in progress and the one way to stop it, remembering why it was stopped.</summary>
public sealed class RunningAttempt(Guid workItemId, int attempt, AttemptSecret? secret) : IDisposable
{
    readonly CancellationTokenSource abort = new();
    int reason;
    long leaseConfirmedUntil = long.MaxValue;

    public Guid WorkItemId { get; } = workItemId;
    public int Attempt { get; } = attempt;

    /// <summary>The secret of the claim grant, kept in memory only: every report about the attempt presents it.</summary>
    public AttemptSecret? Secret { get; } = secret;
    public CancellationToken Aborted => abort.Token;
    public AbortReason Reason => (AbortReason)Volatile.Read(ref reason);

    /// <summary>Reads the agent's progress for heartbeats; null until an agent runs.</summary>
    public Func<AgentProgress>? Progress { get; set; }

    /// <summary>
    /// Until when the coordinator has confirmed the lease, as a <see cref="TimeProvider.GetTimestamp"/> of this
    /// machine's monotonic clock (a wall clock stepped back by NTP would stretch it); set by the lease keeper.
    /// </summary>
    public long LeaseConfirmedUntil
    {
        get => Interlocked.Read(ref leaseConfirmedUntil);
        set => Interlocked.Exchange(ref leaseConfirmedUntil, value);
    }

    public bool IsLeaseConfirmed(TimeProvider clock) => clock.GetTimestamp() < LeaseConfirmedUntil;

    /// <summary>Stops the command while the lease cannot be confirmed; the lease keeper decides when.</summary>
    public AgentHold Hold { get; } = new();

    /// <summary>The newest checkpoint pushed; heartbeats carry it to the coordinator.</summary>
    public Checkpoint? LatestCheckpoint { get; set; }

    /// <summary>The first reason wins; later ones change nothing.</summary>
    public void Abort(AbortReason why)
    {
        if (Interlocked.CompareExchange(ref reason, (int)why, (int)AbortReason.None) != (int)AbortReason.None)
            return;
        try
        {
            abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // A cancel that raced the attempt's end: nothing is left to stop.
        }
    }

    public void Dispose() => abort.Dispose();
}
