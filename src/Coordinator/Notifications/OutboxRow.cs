namespace Stamina.Coordinator.Notifications;

/// <summary>A notification waiting in <c>notification_outbox</c> for one webhook.</summary>
public sealed record OutboxRow
{
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public string Level { get; init; } = "";
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    public string Data { get; init; } = "{}";
    public DateTimeOffset HappenedAt { get; init; }
    public int Attempts { get; init; }

    public Notification ToNotification() =>
        new(Kind, Level, Title, Body, HappenedAt, System.Text.Json.Nodes.JsonNode.Parse(Data) as System.Text.Json.Nodes.JsonObject ?? []);
}
