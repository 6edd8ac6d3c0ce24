namespace Stamina.Contracts;

public enum WorkerStatus
{
    Idle,
    Busy,
    Draining,

    /// <summary>The account hit a usage limit; no work until <see cref="WorkerHeartbeat.LimitedUntil"/>.</summary>
    Limited,

    /// <summary>Stopped taking work until a human acts (for example: the account is not logged in).</summary>
    Paused,

    /// <summary>Drained (by an operator or a failing health check) and idle: takes no work until undrained.</summary>
    Drained,

    /// <summary>Outside its shift window: takes no new work until the window opens.</summary>
    OffShift,
}
