using Stamina.Coordinator.Schedules;

namespace Stamina.Coordinator.Api;

/// <summary>The body of <c>GET /api/schedules</c>.</summary>
public sealed record ScheduleListAnswer
{
    public IReadOnlyList<ScheduleView> Schedules { get; init; } = [];
}
