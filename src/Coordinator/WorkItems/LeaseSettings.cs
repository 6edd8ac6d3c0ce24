using System.ComponentModel.DataAnnotations;

namespace Stamina.Coordinator.WorkItems;

/// <summary>Timing of claims, leases and retries (section <c>Stamina:Leases</c>).</summary>
public sealed class LeaseSettings
{
    public const string Section = "Stamina:Leases";

    /// <summary>How often workers renew their lease; workers learn it from the claim and send at this pace.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A lease lasts this many heartbeat intervals: one or two lost heartbeats are tolerated.</summary>
    [Range(2, 100)]
    public int LeaseIntervals { get; set; } = 3;

    /// <summary>A redelivered item is taken over when its holder has been silent this long past one interval.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan TakeoverGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A redelivered item whose holder process is gone (the broker deleted the exclusive queues of its run, as it does
    /// when the process's connections close) is taken over once they have stayed gone this long, instead of after
    /// <see cref="TakeoverAfter"/> of silence: a live worker that reconnects declares them again. Zero turns the probe
    /// off (the silence rule alone).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan DeadHolderConfirmation { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After an outage (broker, database, or the coordinator not running) leases wait this long beyond a full period
    /// before they may expire: the workers must reconnect first, and MassTransit's RabbitMQ transport retries a lost
    /// connection at intervals growing to 30 s (a policy it does not let us change), so a live worker may come back
    /// up to about 30 s after the broker did.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ReconnectAllowance { get; set; } = TimeSpan.FromSeconds(35);

    /// <summary>First retry delay; it doubles with each failure, plus up to 50% jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an account rests after a usage limit whose reset time the agent did not say.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan UsageLimitBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Lost attempts (the holder died, froze or was cut off) are counted apart from failures; an item lost this
    /// often is failed anyway, so that a poison item that kills every worker still ends.
    /// </summary>
    [Range(1, 1000)]
    public int MaxLostAttempts { get; set; } = 5;

    public TimeSpan LeaseDuration => HeartbeatInterval * LeaseIntervals;

    public TimeSpan TakeoverAfter => HeartbeatInterval + TakeoverGrace;

    public TimeSpan RetryDelay(int failures)
    {
        var exponent = Math.Clamp(failures - 1, 0, 20);
        var delay = RetryBaseDelay * Math.Pow(2, exponent);
        var jittered = delay * (1 + Random.Shared.NextDouble() * 0.5);
        return jittered < RetryMaxDelay ? jittered : RetryMaxDelay;
    }
}
