namespace Stamina.Coordinator.Items;

public sealed record AttemptView
{
    public int Number { get; init; }
    public string Worker { get; init; } = "";
    public string Machine { get; init; } = "";
    public string? Account { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public string? Outcome { get; init; }
    public int? ExitCode { get; init; }
    public string? ErrorClass { get; init; }
    public string? Message { get; init; }
    public string? Branch { get; init; }
}
