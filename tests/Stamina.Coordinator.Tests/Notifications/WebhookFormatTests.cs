using System.Text.Json;
using System.Text.Json.Nodes;
using Stamina.Coordinator.Notifications;
using Stamina.Testing;

namespace Stamina.Coordinator.Tests.Notifications;

/// <summary>Each format's request, as a real HTTP endpoint on loopback receives it.</summary>
public sealed class WebhookFormatTests
{
    static readonly Notification Failed = new(NotificationKinds.ItemFailed, NotificationLevels.Error, "Item 42 failed (exit)",
        "Pool default: failed after 3 failure(s).", new DateTimeOffset(2026, 12, 6, 3, 4, 5, TimeSpan.Zero),
        new JsonObject { ["itemId"] = "42", ["failures"] = 3 });

    static async Task<ReceivedWebhook> SendAsync(WebhookSettings webhook, Notification notification, WebhookReceiver receiver)
    {
        using var http = new HttpClient();
        using var request = WebhookRequests.Build(webhook, notification);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return receiver.Received.Single();
    }

    [Test]
    public async Task When_the_format_is_json_Should_post_the_whole_event()
    {
        await using var receiver = new WebhookReceiver();
        var received = await SendAsync(new WebhookSettings { Url = receiver.Url, Format = WebhookFormats.Json }, Failed, receiver);

        Assert.That(received.Method, Is.EqualTo("POST"));
        Assert.That(received.Headers["Content-Type"], Does.StartWith("application/json"));
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.That(body.GetProperty("event").GetString(), Is.EqualTo("item.failed"));
        Assert.That(body.GetProperty("level").GetString(), Is.EqualTo("error"));
        Assert.That(body.GetProperty("title").GetString(), Is.EqualTo("Item 42 failed (exit)"));
        Assert.That(body.GetProperty("text").GetString(), Is.EqualTo("Pool default: failed after 3 failure(s)."));
        Assert.That(body.GetProperty("at").GetDateTimeOffset(), Is.EqualTo(Failed.At));
        Assert.That(body.GetProperty("data").GetProperty("failures").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task When_the_format_is_slack_Should_post_text_and_blocks_only_when_asked()
    {
        await using var plain = new WebhookReceiver();
        var received = await SendAsync(new WebhookSettings { Url = plain.Url, Format = WebhookFormats.Slack }, Failed, plain);
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.That(body.GetProperty("text").GetString(), Is.EqualTo(":rotating_light: *Item 42 failed (exit)*\nPool default: failed after 3 failure(s)."));
        Assert.That(body.TryGetProperty("blocks", out _), Is.False);

        await using var rich = new WebhookReceiver();
        received = await SendAsync(new WebhookSettings { Url = rich.Url, Format = WebhookFormats.Slack, SlackBlocks = true }, Failed, rich);
        var blocks = JsonDocument.Parse(received.Body).RootElement.GetProperty("blocks");
        Assert.That(blocks[0].GetProperty("type").GetString(), Is.EqualTo("header"));
        Assert.That(blocks[0].GetProperty("text").GetProperty("text").GetString(), Is.EqualTo("Item 42 failed (exit)"));
        Assert.That(blocks[1].GetProperty("text").GetProperty("type").GetString(), Is.EqualTo("mrkdwn"));
    }

    [Test]
    public async Task When_the_format_is_ntfy_Should_post_the_text_with_title_priority_and_tags_headers()
    {
        await using var receiver = new WebhookReceiver();
        var received = await SendAsync(new WebhookSettings { Url = receiver.Url, Format = WebhookFormats.Ntfy }, Failed, receiver);

        Assert.That(received.Body, Is.EqualTo("Pool default: failed after 3 failure(s)."));
        Assert.That(received.Headers["Content-Type"], Does.StartWith("text/plain"));
        Assert.That(received.Headers["Title"], Is.EqualTo("Item 42 failed (exit)"));
        Assert.That(received.Headers["Priority"], Is.EqualTo("5"));
        Assert.That(received.Headers["Tags"], Is.EqualTo("rotating_light,item.failed"));
    }

    [Test]
    public async Task When_an_ntfy_title_is_not_ascii_Should_send_it_encoded_rather_than_fail()
    {
        await using var receiver = new WebhookReceiver();
        var batch = Failed with { Kind = NotificationKinds.BatchEnded, Level = NotificationLevels.Info, Title = "Batch nuit-été ended" };
        var received = await SendAsync(new WebhookSettings { Url = receiver.Url, Format = WebhookFormats.Ntfy }, batch, receiver);

        Assert.That(received.Headers["Title"], Does.StartWith("=?UTF-8?B?"));
        Assert.That(received.Headers["Priority"], Is.EqualTo("3"));
    }
}
