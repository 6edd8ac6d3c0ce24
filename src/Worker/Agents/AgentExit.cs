namespace Stamina.Worker.Agents;

/// <summary>What the worker knows about the agent process once it has ended.</summary>
public record AgentExit
{
    /// <summary>The process exit code; 128 + signal number when a signal killed it.</summary>
    public int ExitCode { get; init; }

    /// <summary>The worker stopped the process (for one of the reasons below, or on shutdown/cancel).</summary>
    public bool KilledByUs { get; init; }

    public bool TimedOut { get; init; }

    /// <summary>Killed by the worker: no event for longer than the stall timeout.</summary>
    public bool Stalled { get; init; }

    /// <summary>Killed by the worker: the reported cost passed the budget.</summary>
    public bool OverBudget { get; init; }

    /// <summary>Killed by the worker: the reported turns passed the limit.</summary>
    public bool OverTurns { get; init; }

    /// <summary>The last part of standard error (a few KB is plenty).</summary>
    public string StandardErrorTail { get; init; } = "";
}
