using Stamina.Coordinator.Batches;

namespace Stamina.Coordinator.Schedules;

/// <summary>A schedule that passed <see cref="ScheduleValidator"/>: every field set, policies resolved to their defaults.</summary>
public sealed record ValidSchedule(string Name, string Cron, string TimeZone, string Missed, string Overlap, BatchRequest Batch);
