using System.Collections;
using System.Globalization;
using Stamina.Contracts;

namespace Stamina.Worker.Execution;

/// <summary>
/// The environment a command runs with: the worker's own, minus the worker's configuration (the broker's
/// credentials travel in <c>ConnectionStrings__*</c>; an agent has no business reading them), plus the item's variables.
/// The task's variables come from <see cref="PromptFile"/>.
/// </summary>
public static class CommandEnvironment
{
    static readonly string[] HiddenPrefixes = ["ConnectionStrings__", "Stamina__", "STAMINA_API_KEY"];

    public static Dictionary<string, string?> For(ExecuteWorkItem item, int attempt)
    {
        var environment = new Dictionary<string, string?>();
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (HiddenPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                environment[name] = null;
        }
        environment["STAMINA_ITEM_ID"] = item.WorkItemId.ToString();
        environment["STAMINA_ATTEMPT"] = attempt.ToString(CultureInfo.InvariantCulture);
        if (item.Agent.Review is { } review)
        {
            environment["STAMINA_REVIEW_ROUND"] = review.Round.ToString(CultureInfo.InvariantCulture);
            environment["STAMINA_REVIEW_ROUNDS"] = review.Rounds.ToString(CultureInfo.InvariantCulture);
        }
        return environment;
    }
}
