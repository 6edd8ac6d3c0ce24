using Stamina.Contracts;

namespace Stamina.Worker.Agents;

/// <summary>Picks the model for a run: an explicit model wins, else the skill level's configured model.</summary>
public static class ModelChoice
{
    /// <summary>Null means "the CLI's default model" (no flag): also for a skill level nobody configured.</summary>
    public static string? Resolve(AgentOptions options, HarnessSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(options.Model))
        {
            return options.Model.Trim();
        }
        if (string.IsNullOrWhiteSpace(options.SkillLevel))
        {
            return null;
        }
        // Case-insensitive even when a binder replaced the dictionary with an ordinal one.
        var level = options.SkillLevel.Trim();
        var model = settings.Models.FirstOrDefault(pair => string.Equals(pair.Key, level, StringComparison.OrdinalIgnoreCase)).Value;
        return string.IsNullOrWhiteSpace(model) ? null : model.Trim();
    }
}
