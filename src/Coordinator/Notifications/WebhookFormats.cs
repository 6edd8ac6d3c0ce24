namespace Stamina.Coordinator.Notifications;

public static class WebhookFormats
{
    /// <summary>The whole event as JSON (<see cref="WebhookRequests"/>).</summary>
    public const string Json = "json";

    /// <summary>Slack's incoming webhook body: <c>{"text": …}</c>, blocks optional (Mattermost and others read it too).</summary>
    public const string Slack = "slack";

    /// <summary>ntfy: the text as the body, Title, Priority and Tags as headers; the URL names the topic.</summary>
    public const string Ntfy = "ntfy";

    public static IReadOnlyList<string> All { get; } = [Json, Slack, Ntfy];
}
