namespace Stamina.FakeAgent.Directives;

/// <summary>
/// A <c>fake-verdict:</c> line: the reviewer's answer to put in the final message (or the structured output).
/// <see cref="Kind"/> is approve, revise or block (a well-formed verdict with <see cref="Text"/> as its feedback or
/// reason), none (no verdict at all) or raw (<see cref="Text"/> is the whole final message, for broken verdicts).
/// </summary>
sealed record VerdictDirective(string Kind, string Text)
{
    public static readonly IReadOnlyList<string> Kinds = ["approve", "revise", "block", "none", "raw"];
}
