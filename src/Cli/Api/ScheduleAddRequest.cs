namespace Stamina.Cli.Api;

/// <summary>The body of <c>POST /api/schedules</c>; unset fields are left out so the coordinator applies its defaults.</summary>
sealed record ScheduleAddRequest
{
    public string? Name { get; init; }
    public required string Cron { get; init; }
    public required string TimeZone { get; init; }
    public string? Missed { get; init; }
    public string? Overlap { get; init; }

    /// <summary>The batch to create at each occurrence, as <c>POST /api/batches</c> takes it (made from the task file).</summary>
    public required BatchRequest Batch { get; init; }
}
