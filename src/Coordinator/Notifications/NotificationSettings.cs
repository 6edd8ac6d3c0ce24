namespace Stamina.Coordinator.Notifications;

/// <summary><c>Stamina:Notifications</c>: webhooks told of failures, batch and shift ends, limits and workers needing a person.</summary>
public sealed class NotificationSettings
{
    public const string Section = "Stamina:Notifications";

    public List<WebhookSettings> Webhooks { get; init; } = [];

    /// <summary>How often the detector reads the database for new events.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Events are read up to now minus this: a transition stamped a moment before its transaction committed is
    /// still seen by the next pass.
    /// </summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>One HTTP try's limit; a hanging endpoint costs its own queue this long per try, nothing else.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Tries after the first before a delivery is given up (logged and counted).</summary>
    public int Retries { get; init; } = 4;

    /// <summary>The first retry's delay, doubled for each next one (with jitter).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Undelivered notifications kept per webhook; more are dropped and counted as suppressed.</summary>
    public int MaxPending { get; init; } = 1000;

    /// <summary>The label that groups items into a batch (<c>labels: { batch: night-1 }</c> in a task file's defaults).</summary>
    public string BatchLabel { get; init; } = "batch";
}
