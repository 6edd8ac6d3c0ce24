namespace Stamina.Worker.Execution;

/// <summary>
/// The limits the worker enforces itself while the command runs. Turns and budget are checked here only
/// when the agent CLI does not enforce them; stall detection needs an event stream.
/// </summary>
public sealed record AgentLimits(TimeSpan? StallTimeout = null, int? MaxTurns = null, decimal? MaxBudgetUsd = null);
