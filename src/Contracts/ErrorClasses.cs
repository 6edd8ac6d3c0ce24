namespace Stamina.Contracts;

/// <summary>
/// Why an attempt ended, as workers report it and the coordinator stores it. One vocabulary for both sides:
/// the coordinator decides from these whether the item retries, fails at once or is merely handed back.
/// </summary>
public static class ErrorClasses
{
    /// <summary>The command exited non-zero.</summary>
    public const string Exit = "exit";

    /// <summary>Killed after the item's wall-time limit.</summary>
    public const string Timeout = "timeout";

    /// <summary>The agent wrote no event for its stall timeout.</summary>
    public const string Stall = "stall";

    /// <summary>The agent ended without a usable result (API or network error, no result at all).</summary>
    public const string Crashed = "crashed";

    /// <summary>The agent itself gave up.</summary>
    public const string AgentError = "agent_error";

    public const string MaxTurns = "max_turns";
    public const string MaxBudget = "max_budget";

    /// <summary>The item cannot start as given (bad repository, ref, task file or command).</summary>
    public const string Invalid = "invalid";

    /// <summary>A limit of the attempt's cgroup (memory, processes) ended the command.</summary>
    public const string ResourceLimit = "resource_limit";

    /// <summary>A reviewer step ended without one valid verdict (none, two, bad JSON, an unknown answer).</summary>
    public const string InvalidVerdict = "invalid_verdict";

    /// <summary>The command's program could not be started.</summary>
    public const string Start = "start";

    /// <summary>Git failed while the worker prepared or saved the work.</summary>
    public const string Git = "git";

    /// <summary>The account hit its usage limit: released, and the account rests.</summary>
    public const string UsageLimit = "usage_limit";

    /// <summary>The account is not logged in: released, and the worker waits for a person.</summary>
    public const string Auth = "auth";

    /// <summary>The worker cannot run the item's agent: released, and the worker waits for a person.</summary>
    public const string Harness = "harness";

    /// <summary>The worker shut down: released.</summary>
    public const string Shutdown = "shutdown";

    /// <summary>The worker could not reach the coordinator for longer than its patience: released.</summary>
    public const string Outage = "outage";

    /// <summary>The holder restarted and took its own item back: released.</summary>
    public const string Restart = "restart";

    /// <summary>The holder went silent (lease expired, or taken over after a redelivery).</summary>
    public const string Lost = "lost";

    public const string Cancelled = "cancelled";

    /// <summary>The worker's pre-task hook refused the item: released to another worker, no failure counted.</summary>
    public const string PreTaskHook = "pre_task_hook";

    /// <summary>The worker's post-task hook failed after a successful run (e.g. the repository's tests): the item's own failure.</summary>
    public const string PostTaskHook = "post_task_hook";

    /// <summary>The item was lost more often than its cap allows: a poison item that kills its workers.</summary>
    public const string LostTooOften = "lost_too_often";
}
