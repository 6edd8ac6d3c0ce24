namespace Stamina.Coordinator.Schedules;

/// <summary>What became of an occurrence (the <c>outcome</c> column); with <c>missed</c>, what <c>schedule show</c> prints.</summary>
public static class ScheduleOutcomes
{
    /// <summary>Claimed by a coordinator, its batch being created: a restart or another coordinator finishes it (same idempotency key).</summary>
    public const string Firing = "firing";

    /// <summary>Its batch was created.</summary>
    public const string Fired = "fired";

    /// <summary>No batch: missed with <c>--missed skip</c>, or the previous batch still active with <c>--overlap skip</c>.</summary>
    public const string Skipped = "skipped";

    /// <summary>No batch: the stored batch no longer passes validation (e.g. a repository root no longer allowed).</summary>
    public const string Rejected = "rejected";
}
