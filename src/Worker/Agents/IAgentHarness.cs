namespace Stamina.Worker.Agents;

/// <summary>One agent CLI: how to launch it and how to read what it prints.</summary>
public interface IAgentHarness
{
    string Name { get; }

    /// <summary>The CLI stops itself at the turn limit; otherwise the worker enforces it from progress.</summary>
    bool EnforcesMaxTurns { get; }

    /// <summary>The CLI stops itself at the budget; otherwise the worker enforces it from progress (if it has a cost).</summary>
    bool EnforcesMaxBudget { get; }

    HarnessSettings DefaultSettings() => HarnessSettings.For(Name);

    AgentLaunch Build(AgentRequest request, HarnessSettings settings);

    IAgentStream CreateStream(TimeProvider clock);
}
