namespace Stamina.Coordinator.Stats;

/// <summary>The stretch of time a report or windowed stats cover: from (inclusive) to (exclusive), both UTC.</summary>
public sealed record TimeWindow
{
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }

    public double Seconds => (To - From).TotalSeconds;

    /// <summary>How much of [start, end) falls inside the window; an attempt still running ends at <paramref name="now"/>.</summary>
    public TimeSpan Overlap(DateTimeOffset start, DateTimeOffset? end, DateTimeOffset now)
    {
        var from = start > From ? start : From;
        var stop = end ?? now;
        var to = stop < To ? stop : To;
        return to > from ? to - from : TimeSpan.Zero;
    }
}
