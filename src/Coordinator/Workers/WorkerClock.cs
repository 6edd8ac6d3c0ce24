namespace Stamina.Coordinator.Workers;

/// <summary>
/// How far ahead of the coordinator's clock a worker run's <c>StartedAt</c> may be. The start is the run's identity
/// and the workers row keeps the newest run (heartbeats of an older run are ignored), so a start in the future, sent
/// once by anyone with broker credentials, would freeze a live worker's row until that date. Real runs start now:
/// five minutes is well past the skew of machines kept by NTP and far short of a freeze that matters.
/// </summary>
public static class WorkerClock
{
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    /// <summary>True when <paramref name="startedAt"/> is further ahead of <paramref name="now"/> than <see cref="AllowedSkew"/>.</summary>
    public static bool IsAhead(DateTimeOffset startedAt, DateTimeOffset now) => startedAt - now > AllowedSkew;

    /// <summary>Why a run that <see cref="IsAhead"/> is refused, naming both clocks.</summary>
    public static string Refusal(string name, string machine, DateTimeOffset startedAt, DateTimeOffset now) =>
        $"Worker '{name}' on {machine} says it started at {startedAt:u}, more than {AllowedSkew.TotalMinutes:0} minutes ahead of "
        + $"the coordinator's clock ({now:u}): set the clock of {machine} (or the coordinator's) right, e.g. with NTP.";
}
