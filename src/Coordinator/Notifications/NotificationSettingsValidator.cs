using Microsoft.Extensions.Options;

namespace Stamina.Coordinator.Notifications;

/// <summary>
/// Refuses bad notification settings at start, each error naming its setting. A URL is never repeated in an
/// error: it may carry a token (Slack's path, ntfy's topic).
/// </summary>
public sealed class NotificationSettingsValidator : IValidateOptions<NotificationSettings>
{
    public ValidateOptionsResult Validate(string? name, NotificationSettings options)
    {
        var errors = new List<string>();
        const string section = NotificationSettings.Section;
        if (options.PollInterval <= TimeSpan.Zero)
            errors.Add($"{section}:PollInterval must be a positive duration, e.g. 00:00:05.");
        if (options.Settle < TimeSpan.Zero)
            errors.Add($"{section}:Settle must not be negative.");
        if (options.Timeout <= TimeSpan.Zero)
            errors.Add($"{section}:Timeout must be a positive duration, e.g. 00:00:10.");
        if (options.RetryDelay <= TimeSpan.Zero)
            errors.Add($"{section}:RetryDelay must be a positive duration, e.g. 00:00:02.");
        if (options.Retries is < 0 or > 20)
            errors.Add($"{section}:Retries must be between 0 and 20.");
        if (options.MaxPending < 1)
            errors.Add($"{section}:MaxPending must be at least 1.");
        if (string.IsNullOrWhiteSpace(options.BatchLabel) || options.BatchLabel.Length > 63
            || !options.BatchLabel.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            errors.Add($"{section}:BatchLabel must be a label key: 1-63 letters, digits, '.', '-' or '_'.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var webhook = options.Webhooks[i];
            var at = $"{section}:Webhooks:{i}";
            if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
                errors.Add($"{at}:Url is missing or not an absolute http(s) URL.");
            else if (url.UserInfo.Length > 0)
                errors.Add($"{at}:Url must not carry a user and password; put a token in the path or query.");
            if (!WebhookFormats.All.Contains(webhook.Format))
                errors.Add($"{at}:Format '{webhook.Format}' is unknown; use {string.Join(", ", WebhookFormats.All)}.");
            if (NotificationLevels.Rank(webhook.MinimumLevel) < 0)
                errors.Add($"{at}:MinimumLevel '{webhook.MinimumLevel}' is unknown; use {string.Join(", ", NotificationLevels.All)}.");
            foreach (var kind in webhook.Events.Where(e => !NotificationKinds.Filterable.Contains(e)))
                errors.Add($"{at}:Events: '{kind}' is unknown; use {string.Join(", ", NotificationKinds.Filterable)}.");
            if (webhook.MaxPerMinute < 1)
                errors.Add($"{at}:MaxPerMinute must be at least 1.");
            if (!names.Add(Webhooks.NameOf(webhook, i)))
                errors.Add($"{at}:Name '{Webhooks.NameOf(webhook, i)}' is used by another webhook.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
