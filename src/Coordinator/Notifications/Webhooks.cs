namespace Stamina.Coordinator.Notifications;

/// <summary>Naming and showing webhooks without their secrets.</summary>
public static class Webhooks
{
    public static string NameOf(WebhookSettings webhook, int index) =>
        string.IsNullOrWhiteSpace(webhook.Name) ? $"webhook-{index}" : webhook.Name.Trim();

    /// <summary>
    /// The URL with its path and query hidden (<c>https://hooks.slack.com/…</c>): Slack's path and ntfy's topic are
    /// the secret, so only the scheme, host and port ever reach a log.
    /// </summary>
    public static string Redact(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/…" : "(not a URL)";

    public static bool Wants(WebhookSettings webhook, Notification notification) =>
        notification.Kind == NotificationKinds.Suppressed
        || (NotificationLevels.Rank(notification.Level) >= NotificationLevels.Rank(webhook.MinimumLevel)
            && (webhook.Events.Count == 0 || webhook.Events.Contains(notification.Kind)));
}
