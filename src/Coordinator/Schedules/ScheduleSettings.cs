using System.ComponentModel.DataAnnotations;

namespace Stamina.Coordinator.Schedules;

/// <summary>Section <c>Stamina:Schedules</c>: how the leader fires schedules' occurrences.</summary>
public sealed class ScheduleSettings
{
    public const string Section = "Stamina:Schedules";

    /// <summary>How often the leader looks for due occurrences: an occurrence fires within about this after its time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An occurrence first handled more than this after its time counts as missed (no coordinator was up to fire it) and
    /// follows the schedule's <c>missed</c> policy. At least two poll intervals, so that a slow pass is not a miss.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MissedAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Occurrences listed by <c>GET /api/schedules/{id}</c> (<c>stamina schedule show</c>).</summary>
    [Range(1, 1000)]
    public int RecentOccurrences { get; set; } = 20;
}
