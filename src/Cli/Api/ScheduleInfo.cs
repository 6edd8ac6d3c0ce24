namespace Stamina.Cli.Api;

/// <summary>A schedule from <c>GET /api/schedules</c>, or with its recent <see cref="Occurrences"/> from <c>GET /api/schedules/{id}</c>.</summary>
sealed record ScheduleInfo
{
    public Guid Id { get; init; }
    public string? Name { get; init; }
    public string? Cron { get; init; }
    public string? TimeZone { get; init; }
    public string? Missed { get; init; }
    public string? Overlap { get; init; }
    public bool Paused { get; init; }
    public DateTimeOffset? NextOccurrence { get; init; }
    public DateTimeOffset? NextOccurrenceLocal { get; init; }
    public ScheduleOccurrence? LastOccurrence { get; init; }
    public IReadOnlyList<ScheduleOccurrence>? Occurrences { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>The batch each occurrence submits, as it was given (durations may be numbers or text): shown, never read.</summary>
    public System.Text.Json.JsonElement? Batch { get; init; }
}
