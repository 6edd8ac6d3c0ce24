namespace Stamina.Coordinator.Notifications;

/// <summary>The endpoint answered with a status other than 2xx.</summary>
public sealed class WebhookRejectedException(int status)
    : Exception($"the endpoint answered HTTP {status}")
{
    public int Status { get; } = status;

    /// <summary>Server errors, timeouts and throttling may pass; any other 4xx (a wrong URL or token) will not.</summary>
    public bool Transient => Status is >= 500 or 408 or 429;
}
