namespace Stamina.Worker.Agents;

/// <summary>How an agent run ended, as far as the worker is concerned.</summary>
public enum AgentEndingKind
{
    Succeeded,
    AgentError,
    MaxTurns,
    MaxBudget,
    Timeout,
    Stall,
    UsageLimit,
    AuthFailure,
    Crashed,
}
