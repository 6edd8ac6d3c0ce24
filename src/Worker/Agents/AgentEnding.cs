namespace Stamina.Worker.Agents;

/// <summary>
/// The classified end of an agent run. <see cref="LimitResetsAt"/> is set only for a usage limit whose reset
/// time the agent told; null there means "limit hit, reset unknown" (the worker applies its back-off).
/// </summary>
public record AgentEnding(AgentEndingKind Kind, string Message, DateTimeOffset? LimitResetsAt = null)
{
    /// <summary>The error class reported to the coordinator; empty for a success.</summary>
    public string ErrorClass => Kind switch
    {
        AgentEndingKind.Succeeded => "",
        AgentEndingKind.AgentError => "agent_error",
        AgentEndingKind.MaxTurns => "max_turns",
        AgentEndingKind.MaxBudget => "max_budget",
        AgentEndingKind.Timeout => "timeout",
        AgentEndingKind.Stall => "stall",
        AgentEndingKind.UsageLimit => "usage_limit",
        AgentEndingKind.AuthFailure => "auth",
        AgentEndingKind.Crashed => "crashed",
        _ => "crashed",
    };
}
