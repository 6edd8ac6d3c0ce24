using Stamina.Worker.Agents;
using Stamina.Worker.Processes;

namespace Stamina.Worker.Execution;

/// <summary>What an attempt runs: the process, and for an agent harness its event stream and limits.</summary>
public sealed record AttemptCommand(ChildProcessOptions Options, IAgentStream? Agent, AgentLimits Limits)
{
    /// <summary>
    /// A quick login check to run first, when the agent would not say itself (Codex without a login
    /// keeps calling the API, and offline waits for the network forever).
    /// </summary>
    public IReadOnlyList<string>? LoginCheck { get; init; }
}
