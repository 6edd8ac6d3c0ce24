namespace Stamina.Worker.Agents;

/// <summary>The known agent harnesses by name.</summary>
public static class AgentHarnesses
{
    public static IReadOnlyList<IAgentHarness> All { get; } = [new ClaudeHarness(), new CodexHarness(), new GeminiHarness()];

    /// <summary>The harness of that name (case-insensitive); null for unknown names and for plain commands.</summary>
    public static IAgentHarness? Find(string? name) =>
        All.FirstOrDefault(harness => string.Equals(harness.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
