namespace Stamina.Coordinator.Schedules;

/// <summary>The values of a schedule's <c>missed</c> and <c>overlap</c> policies.</summary>
public static class SchedulePolicies
{
    /// <summary>Run the occurrence (late, for <c>missed</c>; beside the previous batch, for <c>overlap</c>).</summary>
    public const string Run = "run";

    /// <summary>Record the occurrence as skipped and create no batch.</summary>
    public const string Skip = "skip";

    /// <summary>
    /// Skip: a whole night's batch started hours late (in the working day, on accounts people now use, after a restart
    /// nobody was watching) costs more surprise than a night missed, which <c>schedule list</c> shows and the next
    /// occurrence makes up. A schedule that must never miss says <c>--missed run</c>.
    /// </summary>
    public const string DefaultMissed = Skip;

    /// <summary>Skip: two copies of a batch on the same repositories race for the same work.</summary>
    public const string DefaultOverlap = Skip;

    public static readonly string[] All = [Run, Skip];
}
