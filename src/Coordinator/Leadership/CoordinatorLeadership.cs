using System.Diagnostics.Metrics;
using Stamina.Coordinator.Telemetry;

namespace Stamina.Coordinator.Leadership;

/// <summary>
/// Whether this coordinator leads now, and a term token for the loops that must run on one replica only: it is
/// cancelled the moment leadership is lost. <see cref="LeaderElection"/> moves it; a store without replicas
/// (SQLite, one process) leads from the start.
/// </summary>
public sealed class CoordinatorLeadership
{
    readonly Lock gate = new();
    TaskCompletionSource<CancellationToken> nextTerm = new(TaskCreationOptions.RunContinuationsAsynchronously);
    CancellationTokenSource? term;

    public CoordinatorLeadership(IMeterFactory meters, TimeProvider clock)
    {
        Clock = clock;
        var meter = meters.Create(CoordinatorMetrics.MeterName);
        meter.CreateObservableGauge("stamina.coordinator.leader", () => IsLeader ? 1 : 0,
            description: "1 while this coordinator is the elected leader (runs the dispatcher, the reaper, notifications, the fleet gauges), else 0");
        meter.CreateObservableGauge("stamina.coordinator.clock_offset", () => ClockOffset.TotalSeconds, "s",
            "This coordinator's clock minus the database's, measured at each election poll (0 on SQLite)");
    }

    TimeProvider Clock { get; }

    /// <summary>This replica's name in answers and logs: the machine (the pod, in Kubernetes) and the process id.</summary>
    public static string ReplicaName { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    public bool IsLeader
    {
        get
        {
            lock (gate)
                return term is not null;
        }
    }

    /// <summary>When the current term began; null while standing by.</summary>
    public DateTimeOffset? LeaderSince { get; private set; }

    /// <summary>The replica that leads, as the database last told us (this one's name while leading); null when unknown.</summary>
    public string? Leader { get; internal set; }

    public TimeSpan ClockOffset { get; internal set; }

    /// <summary>Waits until this replica leads; the token is cancelled when it stops leading (or when <paramref name="stopping"/> is).</summary>
    public async Task<CancellationToken> WaitForTermAsync(CancellationToken stopping)
    {
        Task<CancellationToken> next;
        lock (gate)
            next = term is { } current ? Task.FromResult(current.Token) : nextTerm.Task;
        return await next.WaitAsync(stopping);
    }

    internal void Begin()
    {
        lock (gate)
        {
            if (term is not null)
                return;
            term = new CancellationTokenSource();
            LeaderSince = Clock.GetUtcNow();
            Leader = ReplicaName;
            nextTerm.SetResult(term.Token);
            nextTerm = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Ends the term at once: every leader loop's token is cancelled before this returns.</summary>
    internal void End()
    {
        CancellationTokenSource? ended;
        lock (gate)
        {
            ended = term;
            term = null;
            LeaderSince = null;
            if (Leader == ReplicaName)
                Leader = null;
        }
        if (ended is null)
            return;
        // Not disposed: loops may still link to the token they were given.
        ended.Cancel();
    }
}
