namespace Stamina.Worker.Tests.Messaging;

/// <summary>A request, a sent command and a published event in one message type, for the broker tests.</summary>
public sealed record Ping
{
    public required int Number { get; init; }
}
