namespace Stamina.Worker.Agents;

/// <summary>
/// Section <c>Stamina:Harnesses:&lt;name&gt;</c>. Start from <see cref="For"/> (or the harness's
/// <see cref="IAgentHarness.DefaultSettings"/>) and bind the section on top, so defaults survive.
/// </summary>
public sealed class HarnessSettings
{
    public const string SectionPrefix = "Stamina:Harnesses";

    /// <summary>The CLI to run: a name looked up on PATH or a path. Empty means the harness's own name.</summary>
    public string Executable { get; set; } = "";

    /// <summary>Inserted right after the executable, before the harness's own arguments.</summary>
    public List<string> ExtraArguments { get; set; } = [];

    /// <summary>Skill level (junior, senior, principal) → model name.</summary>
    public Dictionary<string, string> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Claude's <c>--permission-mode</c>; Gemini's <c>--approval-mode</c>.</summary>
    public string? PermissionMode { get; set; }

    /// <summary>Claude's <c>--allowedTools</c>, passed as one comma-joined argument.</summary>
    public List<string> AllowedTools { get; set; } = [];

    /// <summary>Codex's <c>--sandbox</c>; null means <c>workspace-write</c>.</summary>
    public string? Sandbox { get; set; }

    /// <summary>
    /// Claude <c>--dangerously-skip-permissions</c>, Gemini <c>--yolo</c>, Codex
    /// <c>--dangerously-bypass-approvals-and-sandbox</c> (instead of a sandbox). Only in sandboxed machines.
    /// </summary>
    public bool SkipPermissions { get; set; }

    /// <summary>
    /// The installed CLI takes a JSON Schema for its final answer (Claude's <c>--json-schema</c>): a reviewer's verdict
    /// is then asked for that way and read from the structured output. False for an older CLI: the verdict is read
    /// from the fenced JSON block of the final message only.
    /// </summary>
    public bool StructuredOutput { get; set; } = true;

    public static string SectionFor(string harness) => $"{SectionPrefix}:{harness}";

    /// <summary>Defaults of a harness: its executable name, and for Claude the skill-level models.</summary>
    public static HarnessSettings For(string harness)
    {
        var settings = new HarnessSettings { Executable = harness };
        if (harness == ClaudeHarness.HarnessName)
        {
            settings.Models["junior"] = "sonnet";
            settings.Models["senior"] = "sonnet";
            settings.Models["principal"] = "opus";
        }
        return settings;
    }

    internal string ExecutableOr(string harness) => string.IsNullOrWhiteSpace(Executable) ? harness : Executable;
}
