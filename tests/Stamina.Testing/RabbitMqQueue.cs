using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stamina.Testing;

/// <summary>
/// A queue as the RabbitMQ management API reports it (GET /api/queues/VHOST/NAME).
/// Counts (messages, consumers) are statistics the broker samples periodically: about 1-2 s late with
/// deploy/rabbitmq's settings, 5-10 s on a default broker. Poll them with <see cref="Eventually"/>.
/// </summary>
public sealed record RabbitMqQueue
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("vhost")]
    public string VirtualHost { get; init; } = "";

    /// <summary><c>classic</c>, <c>quorum</c> or <c>stream</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    [JsonPropertyName("durable")]
    public bool Durable { get; init; }

    [JsonPropertyName("auto_delete")]
    public bool AutoDelete { get; init; }

    [JsonPropertyName("exclusive")]
    public bool Exclusive { get; init; }

    [JsonPropertyName("state")]
    public string? State { get; init; }

    [JsonPropertyName("consumers")]
    public int Consumers { get; init; }

    [JsonPropertyName("messages")]
    public long Messages { get; init; }

    [JsonPropertyName("messages_ready")]
    public long MessagesReady { get; init; }

    [JsonPropertyName("messages_unacknowledged")]
    public long MessagesUnacknowledged { get; init; }

    /// <summary>Declared arguments such as <c>x-queue-type</c> or <c>x-delivery-limit</c>.</summary>
    [JsonPropertyName("arguments")]
    public Dictionary<string, JsonElement> Arguments { get; init; } = [];
}
