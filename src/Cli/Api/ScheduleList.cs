namespace Stamina.Cli.Api;

/// <summary>The body of <c>GET /api/schedules</c>.</summary>
sealed record ScheduleList
{
    public IReadOnlyList<ScheduleInfo> Schedules { get; init; } = [];
}
