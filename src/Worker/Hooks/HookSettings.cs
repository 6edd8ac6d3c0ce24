using System.ComponentModel.DataAnnotations;

namespace Stamina.Worker.Hooks;

/// <summary>Section <c>Stamina:Worker:Hooks</c>: programs the worker runs around each item and on its own.</summary>
public sealed class HookSettings
{
    /// <summary>Runs in the new worktree before the command; non-zero or timeout refuses the item (released, no failure).</summary>
    public HookCommand? PreTask { get; set; }

    /// <summary>Runs in the worktree after a successful command; non-zero or timeout fails the attempt (<c>post_task_hook</c>).</summary>
    public HookCommand? PostTask { get; set; }

    /// <summary>Runs every <see cref="HookCommand.Interval"/>; while it fails the worker is drained.</summary>
    public HookCommand? HealthCheck { get; set; }

    /// <summary>After its pre-task hook refused an item the worker takes no work for this long, so another worker gets it.</summary>
    public TimeSpan RefusalPause { get; set; } = TimeSpan.FromSeconds(10);

    static readonly TimeSpan LongestTimeout = TimeSpan.FromDays(1);

    /// <summary>Every problem, each naming its setting under <paramref name="section"/>.</summary>
    public IEnumerable<ValidationResult> Validate(string section)
    {
        if (RefusalPause < TimeSpan.Zero || RefusalPause > TimeSpan.FromHours(1))
            yield return new ValidationResult($"{section}:RefusalPause must be between 00:00:00 and 01:00:00 (it is {RefusalPause}).", ["Hooks"]);
        foreach (var (name, hook) in new[] { ("PreTask", PreTask), ("PostTask", PostTask), ("HealthCheck", HealthCheck) })
        {
            if (hook is null)
                continue;
            var path = $"{section}:{name}";
            if (hook.Command.Count == 0 || string.IsNullOrWhiteSpace(hook.Command[0]))
                yield return new ValidationResult($"{path}:Command is empty: give the program and its arguments as a list (no shell line).", ["Hooks"]);
            else if (hook.Command.Any(argument => argument is null || argument.Contains('\0')))
                yield return new ValidationResult($"{path}:Command has an argument with a NUL character or none at all.", ["Hooks"]);
            if (hook.Timeout <= TimeSpan.Zero || hook.Timeout > LongestTimeout)
                yield return new ValidationResult($"{path}:Timeout must be more than 0 and at most 1.00:00:00 (it is {hook.Timeout}).", ["Hooks"]);
            if (name == "HealthCheck" && (hook.Interval < TimeSpan.FromSeconds(1) || hook.Interval > LongestTimeout))
                yield return new ValidationResult($"{path}:Interval must be between 00:00:01 and 1.00:00:00 (it is {hook.Interval}).", ["Hooks"]);
        }
    }
}
