using Stamina.Coordinator.Batches;

namespace Stamina.Coordinator.Schedules;

/// <summary>The body of <c>POST /api/schedules</c>. Everything is optional here so that validation can name what is missing.</summary>
public sealed record ScheduleRequest
{
    /// <summary>For people; defaults to the batch's name.</summary>
    public string? Name { get; init; }

    /// <summary>Five fields, or six with seconds first (see <see cref="ScheduleCron.TryParse"/>).</summary>
    public string? Cron { get; init; }

    /// <summary>An IANA id; the cron expression is read on this clock.</summary>
    public string? TimeZone { get; init; }

    /// <summary><see cref="SchedulePolicies.Run"/> or <see cref="SchedulePolicies.Skip"/> (the default).</summary>
    public string? Missed { get; init; }

    /// <summary><see cref="SchedulePolicies.Skip"/> (the default) or <see cref="SchedulePolicies.Run"/>.</summary>
    public string? Overlap { get; init; }

    /// <summary>The batch created at each occurrence, as <c>POST /api/batches</c> takes it.</summary>
    public BatchRequest? Batch { get; init; }
}
