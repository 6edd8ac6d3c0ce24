namespace Stamina.Cli.Api;

/// <summary>The body of <c>GET /api/schedules</c>.</summary>
internal sealed record ScheduleList
{
    public IReadOnlyList<ScheduleInfo> Schedules { get; init; } = [];
}
