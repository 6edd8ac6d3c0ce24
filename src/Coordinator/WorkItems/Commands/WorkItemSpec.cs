using Stamina.Contracts;

namespace Stamina.Coordinator.WorkItems.Commands;

/// <summary>What an item asks for, as validated at submission. Immutable once stored.</summary>
public record WorkItemSpec
{
    public string Repo { get; init; } = "";
    public string BaseRef { get; init; } = "";
    public string Harness { get; init; } = "";
    public string[] Command { get; init; } = [];
    public string Prompt { get; init; } = "";
    public TimeSpan Timeout { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public AgentOptions Agent { get; init; } = new();
}
