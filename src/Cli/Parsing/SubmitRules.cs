namespace Stamina.Cli.Parsing;

/// <summary>
/// The checks on a submission that the flags and a task file share, so a mistake is caught before anything is
/// sent (for a batch: before the first item is created). The coordinator still checks everything itself.
/// </summary>
static class SubmitRules
{
    public const string CommandHarness = "command";
    public static readonly string[] Harnesses = [CommandHarness, "claude", "codex", "gemini"];
    public static readonly string[] SkillLevels = ["junior", "senior", "principal"];

    /// <summary>Which fields go with which harness. Field names are the API's: the caller turns them into flags or YAML paths.</summary>
    public static IEnumerable<(string Field, string Message)> CheckHarness(string? harness, bool hasCommand, bool hasPrompt, bool hasTaskFile)
    {
        harness ??= CommandHarness;
        if (!Harnesses.Contains(harness, StringComparer.Ordinal))
        {
            yield return ("harness", $"unknown harness '{harness}'; known: {string.Join(", ", Harnesses)}");
            yield break;
        }
        if (harness == CommandHarness)
        {
            if (!hasCommand)
                yield return ("command", "the command harness needs a command to run");
        }
        else
        {
            if (hasCommand)
                yield return ("command", $"the {harness} harness runs the agent itself; give no command");
            if (!hasPrompt && !hasTaskFile)
                yield return ("prompt", $"the {harness} harness needs a prompt (prompt or promptFile) or a taskFile");
        }
    }

    public static string? CheckSkillLevel(string value) =>
        SkillLevels.Contains(value, StringComparer.Ordinal) ? null : $"must be one of {string.Join(", ", SkillLevels)}, not '{value}'";

    public static string? CheckPriority(int value) => value is < -1000 or > 1000 ? "must be between -1000 and 1000" : null;

    public static string? CheckMaxAttempts(int value) => value is < 1 or > 20 ? "must be between 1 and 20" : null;

    public static string? CheckMaxTurns(int value) => value < 1 ? "must be at least 1" : null;

    public static string? CheckMaxBudget(decimal value) => value <= 0 ? "must be more than 0" : null;
}
