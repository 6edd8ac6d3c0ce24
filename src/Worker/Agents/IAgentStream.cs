using Stamina.Contracts;

namespace Stamina.Worker.Agents;

/// <summary>
/// Reads one attempt's agent output, line by line. One writer (the output pump) calls <see cref="Observe"/>;
/// <see cref="Progress"/> and <see cref="FinalText"/> may be read from any thread.
/// </summary>
public interface IAgentStream
{
    /// <summary>One line of standard output. Never throws, whatever the line holds.</summary>
    void Observe(string line);

    /// <summary>A snapshot of what the agent has done so far.</summary>
    AgentProgress Progress { get; }

    /// <summary>The agent's last answer (result text or last assistant message), if any.</summary>
    string? FinalText { get; }

    /// <summary>The answer the CLI constrained with a JSON Schema (Claude's <c>structured_output</c>), as JSON text; null when none.</summary>
    string? StructuredOutput { get; }

    /// <summary>Classifies the ending from the events seen and the process exit. Never throws.</summary>
    AgentEnding Classify(AgentExit exit);
}
