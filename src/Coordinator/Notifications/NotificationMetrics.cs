using System.Diagnostics.Metrics;
using Stamina.Coordinator.Telemetry;

namespace Stamina.Coordinator.Notifications;

/// <summary>
/// Notification outcomes on the coordinator's meter: <c>stamina_notifications_total{webhook,outcome}</c> with outcome
/// <c>delivered</c>, <c>retried</c>, <c>given_up</c> or <c>suppressed</c>. Webhook names come from configuration, so the label stays bounded.
/// </summary>
public sealed class NotificationMetrics
{
    readonly Counter<long> notifications;

    public NotificationMetrics(IMeterFactory meters) =>
        notifications = meters.Create(CoordinatorMetrics.MeterName).CreateCounter<long>("stamina.notifications",
            description: "Webhook notifications by outcome: delivered, retried, given_up, suppressed");

    public void Delivered(string webhook) => Add(webhook, "delivered");
    public void Retried(string webhook) => Add(webhook, "retried");
    public void GivenUp(string webhook) => Add(webhook, "given_up");
    public void Suppressed(string webhook) => Add(webhook, "suppressed");

    void Add(string webhook, string outcome) =>
        notifications.Add(1, new KeyValuePair<string, object?>("webhook", webhook), new KeyValuePair<string, object?>("outcome", outcome));
}
