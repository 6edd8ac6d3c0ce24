namespace Stamina.Cli.Api;

/// <summary>The time a report or windowed stats cover: from (inclusive) to (exclusive).</summary>
sealed record TimeWindow
{
    public DateTimeOffset From { get; init; }
    public DateTimeOffset To { get; init; }
    public double? Seconds { get; init; }
}
