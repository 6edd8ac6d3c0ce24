namespace Stamina.Worker.Agents;

/// <summary>One agent CLI: how to launch it and how to read what it prints.</summary>
public interface IAgentHarness
{
    string Name { get; }

    /// <summary>The CLI stops itself at the turn limit; otherwise the worker enforces it from progress.</summary>
    bool EnforcesMaxTurns { get; }

    /// <summary>The CLI stops itself at the budget; otherwise the worker enforces it from progress (if it has a cost).</summary>
    bool EnforcesMaxBudget { get; }

    /// <summary>
    /// Arguments (after the executable) of a quick login check to run before each attempt, for a CLI that would
    /// not say itself that it is not logged in; null when the CLI does.
    /// </summary>
    IReadOnlyList<string>? LoginCheckArguments => null;

    /// <summary>The CLI files its sessions by working directory: a session resumes only in the same worktree path.</summary>
    bool SessionsFiledByDirectory => false;

    HarnessSettings DefaultSettings() => HarnessSettings.For(Name);

    AgentLaunch Build(AgentRequest request, HarnessSettings settings);

    IAgentStream CreateStream(TimeProvider clock);
}
