namespace Stamina.Worker.Hooks;

/// <summary>How a hook ended: passed (exit 0 in time), or why not, with what it wrote (bounded, redacted).</summary>
public sealed record HookRun(bool Passed, string Summary, string Output)
{
    /// <summary>The summary and, when the hook wrote anything, its output below it.</summary>
    public string Report => Output.Length == 0 ? Summary : $"{Summary}:\n{Output}";
}
