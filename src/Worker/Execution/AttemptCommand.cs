using Stamina.Worker.Agents;
using Stamina.Worker.Processes;

namespace Stamina.Worker.Execution;

/// <summary>What an attempt runs: the process, and for an agent harness its event stream and limits.</summary>
public sealed record AttemptCommand(ChildProcessOptions Options, IAgentStream? Agent, AgentLimits Limits, string? SessionId);
