using Microsoft.Extensions.Options;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Leases;

/// <summary>
/// Since when the coordinator could hear heartbeats without a break: its process ran, its database answered,
/// its broker connection was up and its own clock did not jump (a suspended process or a laptop asleep).
/// Leases are judged on that time only: silence while we could not listen is not the holder's fault, so
/// after any outage every lease gets a full period of healthy operation, plus the time a worker needs to
/// reconnect (<see cref="LeaseSettings.ReconnectAllowance"/>), before it may expire.
/// </summary>
public sealed class LeaseHearing(TimeProvider clock, IOptions<LeaseSettings> settings)
{
    readonly Lock gate = new();
    DateTimeOffset since = clock.GetUtcNow();
    bool deaf;
    bool afterOutage;

    /// <summary>
    /// The earliest time a lease may be judged: a full lease period after hearing began, and after an outage also
    /// the reconnect allowance (the workers' connections come back later than ours). While deaf: never (the maximum).
    /// </summary>
    public DateTimeOffset JudgesFrom
    {
        get
        {
            lock (gate)
            {
                return deaf ? DateTimeOffset.MaxValue
                    : since + settings.Value.LeaseDuration + (afterOutage ? settings.Value.ReconnectAllowance : TimeSpan.Zero);
            }
        }
    }

    /// <summary>True when leases may be judged now (see <see cref="JudgesFrom"/>).</summary>
    public bool CanJudge => clock.GetUtcNow() >= JudgesFrom;

    /// <summary>Something we depend on to hear failed (database, broker), or time passed that we did not see.</summary>
    public void Lost(string why)
    {
        lock (gate)
        {
            deaf = true;
            afterOutage = true;
        }
        LastLoss = why;
    }

    /// <summary>Everything we depend on answered: hearing resumes now if it had stopped.</summary>
    public void Heard()
    {
        lock (gate)
        {
            if (!deaf)
                return;
            deaf = false;
            since = clock.GetUtcNow();
        }
    }

    /// <summary>Our own clock jumped (suspended, asleep): we heard nothing in the gap, so hearing starts again now.</summary>
    public void Restart(string why)
    {
        lock (gate)
        {
            deaf = false;
            afterOutage = true;
            since = clock.GetUtcNow();
        }
        LastLoss = why;
    }

    public string? LastLoss { get; private set; }

    /// <summary>Silence that began before hearing resumed counts from when it resumed.</summary>
    public DateTimeOffset SilenceCountsFrom(DateTimeOffset lastHeard)
    {
        lock (gate)
            return deaf ? clock.GetUtcNow() : lastHeard > since ? lastHeard : since;
    }
}
