namespace Stamina.Worker.Tests.Messaging;

public sealed record Pong
{
    public required int Number { get; init; }
}
