namespace Stamina.Worker.Agents;

/// <summary>
/// How to start an agent: argv executed directly (no shell), variables to set on top of the worker's
/// environment (a null value removes the variable), and the text to write to standard input.
/// </summary>
public record AgentLaunch(
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string?> Environment,
    string? StandardInput);
