namespace Stamina.Coordinator.Notifications;

/// <summary>One entry of <c>Stamina:Notifications:Webhooks</c>.</summary>
public sealed class WebhookSettings
{
    /// <summary>Names the webhook in logs and metrics (never its URL, which may hold a secret); default <c>webhook-N</c>.</summary>
    public string? Name { get; init; }

    public string? Url { get; init; }

    /// <summary><c>json</c>, <c>slack</c> or <c>ntfy</c> (<see cref="WebhookFormats"/>).</summary>
    public string Format { get; init; } = WebhookFormats.Json;

    /// <summary><c>info</c>, <c>warning</c> or <c>error</c>: events below it are not sent.</summary>
    public string MinimumLevel { get; init; } = NotificationLevels.Info;

    /// <summary>Event kinds to send (<see cref="NotificationKinds"/>); empty sends all.</summary>
    public List<string> Events { get; init; } = [];

    /// <summary>At most this many notifications a minute; the rest are summed up in one "N more suppressed".</summary>
    public int MaxPerMinute { get; init; } = 20;

    /// <summary>Slack only: add Block Kit blocks (a header and the text) beside the plain <c>text</c>.</summary>
    public bool SlackBlocks { get; init; }
}
