namespace Stamina.Cli.Api;

/// <summary>Percentiles of finished attempts' durations in seconds; null when none finished.</summary>
sealed record AttemptDurations
{
    public long Count { get; init; }
    public double? P50Seconds { get; init; }
    public double? P95Seconds { get; init; }
    public double? P99Seconds { get; init; }
}
