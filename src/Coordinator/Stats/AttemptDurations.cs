namespace Stamina.Coordinator.Stats;

/// <summary>
/// How long finished attempts ran, in seconds: percentiles by linear interpolation between the nearest ranks
/// (PostgreSQL's <c>percentile_cont</c>); null when no attempt finished.
/// </summary>
public sealed record AttemptDurations
{
    public long Count { get; init; }
    public double? P50Seconds { get; init; }
    public double? P95Seconds { get; init; }
    public double? P99Seconds { get; init; }

    /// <summary>The same interpolation as <c>percentile_cont</c>, for stores without it (SQLite).</summary>
    public static AttemptDurations Of(IEnumerable<double> seconds)
    {
        var sorted = seconds.Order().ToArray();
        return new AttemptDurations
        {
            Count = sorted.Length,
            P50Seconds = Percentile(sorted, 0.50),
            P95Seconds = Percentile(sorted, 0.95),
            P99Seconds = Percentile(sorted, 0.99),
        };
    }

    static double? Percentile(double[] sorted, double fraction)
    {
        if (sorted.Length == 0)
            return null;
        var rank = fraction * (sorted.Length - 1);
        var below = (int)Math.Floor(rank);
        var above = (int)Math.Ceiling(rank);
        return sorted[below] + ((sorted[above] - sorted[below]) * (rank - below));
    }
}
