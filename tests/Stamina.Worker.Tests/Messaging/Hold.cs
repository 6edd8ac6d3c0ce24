namespace Stamina.Worker.Tests.Messaging;

/// <summary>Work that keeps its consumer busy until the test lets it go, as an item keeps a worker's.</summary>
public sealed record Hold
{
    public required Guid Id { get; init; }
}
