using System.Text.Json.Nodes;

namespace Stamina.Coordinator.Notifications;

/// <summary>One event to tell webhooks about; each format renders it (<see cref="WebhookRequests"/>).</summary>
/// <param name="Data">Plain facts (ids, counts, names) for the JSON format; no secrets, no prompts.</param>
public sealed record Notification(string Kind, string Level, string Title, string Text, DateTimeOffset At, JsonObject Data);
