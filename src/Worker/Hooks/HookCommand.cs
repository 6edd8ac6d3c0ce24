namespace Stamina.Worker.Hooks;

/// <summary>One hook: an argv (never a shell line) with its time limit; <see cref="Interval"/> is the health check's only.</summary>
public sealed class HookCommand
{
    /// <summary>The executable (a name looked up on PATH, or a path) followed by its arguments.</summary>
    public List<string> Command { get; set; } = [];

    /// <summary>The hook is killed (its whole process group) when it runs longer, and counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Health check: how often it runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public override string ToString() => string.Join(' ', Command);
}
