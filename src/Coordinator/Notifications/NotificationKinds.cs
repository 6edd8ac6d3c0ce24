namespace Stamina.Coordinator.Notifications;

/// <summary>What a notification is about: the <c>event</c> field of the JSON format and the names a webhook's <c>Events</c> filter takes.</summary>
public static class NotificationKinds
{
    /// <summary>An item ended <c>Failed</c> (its attempts used up, a permanent error, or lost too often).</summary>
    public const string ItemFailed = "item.failed";

    /// <summary>Every item carrying one value of the batch label has finished.</summary>
    public const string BatchEnded = "batch.ended";

    /// <summary>Nothing is queued or running any more after some work finished: the shift's summary.</summary>
    public const string QueueDrained = "queue.drained";

    public const string AccountLimited = "account.limited";
    public const string AccountAuthFailed = "account.auth_failed";

    /// <summary>A worker waits for a person (an auth failure, a missing agent CLI) until resumed.</summary>
    public const string WorkerPaused = "worker.paused";

    /// <summary>A worker went silent without saying goodbye.</summary>
    public const string WorkerLost = "worker.lost";

    /// <summary>A spend cap (daily, a batch's, an account's daily) was reached: dispatch holds back what it covers.</summary>
    public const string SpendCapReached = "spend.cap_reached";

    /// <summary>A repository's or an account's circuit breaker opened (or opened again after a failed probe).</summary>
    public const string BreakerOpened = "breaker.opened";

    /// <summary>A webhook's rate limit dropped notifications; always sent, whatever the filter.</summary>
    public const string Suppressed = "notifications.suppressed";

    public static IReadOnlyList<string> Filterable { get; } =
        [ItemFailed, BatchEnded, QueueDrained, AccountLimited, AccountAuthFailed, WorkerPaused, WorkerLost, SpendCapReached, BreakerOpened];
}
