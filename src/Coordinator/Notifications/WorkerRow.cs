using Stamina.Contracts;
using Stamina.Coordinator.Workers;

namespace Stamina.Coordinator.Notifications;

/// <summary>A worker as the detector judges it: paused for a person, or lost (silent for three intervals without a goodbye).</summary>
sealed record WorkerRow
{
    public string Name { get; init; } = "";
    public string Pool { get; init; } = "";
    public string? Account { get; init; }
    public string? Attention { get; init; }

    /// <summary>As heartbeats store it; a drained or off-shift worker has an attention line too, but needs nobody.</summary>
    public string? Status { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
    public int IntervalMs { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }

    public TimeSpan SilenceLimit => TimeSpan.FromMilliseconds(IntervalMs) * 3;

    public bool IsLost(DateTimeOffset now) => StoppedAt is null && now - LastSeenAt > SilenceLimit;

    public bool IsPaused(DateTimeOffset now) => Status == WorkerStatusNames.Of(WorkerStatus.Paused) && Attention is not null && !IsLost(now) && StoppedAt is null;
}
