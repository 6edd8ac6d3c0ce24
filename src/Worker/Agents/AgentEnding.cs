using Stamina.Contracts;
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
        AgentEndingKind.AgentError => ErrorClasses.AgentError,
        AgentEndingKind.MaxTurns => ErrorClasses.MaxTurns,
        AgentEndingKind.MaxBudget => ErrorClasses.MaxBudget,
        AgentEndingKind.Timeout => ErrorClasses.Timeout,
        AgentEndingKind.Stall => ErrorClasses.Stall,
        AgentEndingKind.UsageLimit => ErrorClasses.UsageLimit,
        AgentEndingKind.AuthFailure => ErrorClasses.Auth,
        AgentEndingKind.Crashed => ErrorClasses.Crashed,
        _ => ErrorClasses.Crashed,
    };
}
