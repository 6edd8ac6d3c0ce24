using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stamina.Coordinator.Notifications;

/// <summary>Renders a notification as one webhook's HTTP request, in its format.</summary>
public static class WebhookRequests
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HttpRequestMessage Build(WebhookSettings webhook, Notification notification) =>
        new(HttpMethod.Post, webhook.Url)
        {
            Content = webhook.Format switch
            {
                WebhookFormats.Slack => JsonContent(SlackBody(notification, webhook.SlackBlocks)),
                WebhookFormats.Ntfy => NtfyContent(notification),
                _ => JsonContent(GenericBody(notification)),
            },
        };

    public static JsonObject GenericBody(Notification notification) => new()
    {
        ["event"] = notification.Kind,
        ["level"] = notification.Level,
        ["title"] = notification.Title,
        ["text"] = notification.Text,
        ["at"] = notification.At.ToUniversalTime().ToString("O"),
        ["data"] = notification.Data.DeepClone(),
    };

    public static JsonObject SlackBody(Notification notification, bool blocks)
    {
        var body = new JsonObject { ["text"] = $"{Emoji(notification.Level)} *{notification.Title}*\n{notification.Text}" };
        if (blocks)
        {
            body["blocks"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "header",
                    // Slack refuses a header over 150 characters.
                    ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Cut(notification.Title, 150) },
                },
                new JsonObject
                {
                    ["type"] = "section",
                    ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Cut(notification.Text, 3000) },
                },
                new JsonObject
                {
                    ["type"] = "context",
                    ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = $"{notification.Kind} · {notification.Level}" }),
                });
        }

        return body;
    }

    static StringContent NtfyContent(Notification notification)
    {
        var content = new StringContent(notification.Text, Encoding.UTF8, "text/plain");
        content.Headers.Add("Title", HeaderText(notification.Title));
        // ntfy's priorities: 3 default, 4 high, 5 urgent.
        content.Headers.Add("Priority", notification.Level switch
        {
            NotificationLevels.Error => "5",
            NotificationLevels.Warning => "4",
            _ => "3",
        });
        // Tags that are emoji short codes show as emoji; the kind shows as a plain tag.
        content.Headers.Add("Tags", $"{EmojiTag(notification.Level)},{notification.Kind}");
        return content;
    }

    /// <summary>HTTP headers are ASCII: other text goes RFC 2047-encoded, which ntfy decodes.</summary>
    static string HeaderText(string text)
    {
        var clean = new string([.. text.Where(c => !char.IsControl(c))]);
        return clean.All(char.IsAscii) ? clean : $"=?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(clean))}?=";
    }

    static StringContent JsonContent(JsonObject body) =>
        new(body.ToJsonString(Json), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    static string Emoji(string level) => level switch
    {
        NotificationLevels.Error => ":rotating_light:",
        NotificationLevels.Warning => ":warning:",
        _ => ":information_source:",
    };

    static string EmojiTag(string level) => Emoji(level).Trim(':');

    static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
