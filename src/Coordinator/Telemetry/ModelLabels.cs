using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Stamina.Coordinator.Telemetry;

/// <summary>
/// The model label: an agent reports its model as free text in its output, so a name-like value is kept, up to
/// <see cref="MaxModels"/> distinct ones, and anything else (or any model past the cap) is "other".
/// </summary>
sealed partial class ModelLabels
{
    public const int MaxModels = 64;

    readonly ConcurrentDictionary<string, bool> seen = new(StringComparer.Ordinal);

    public string Of(string? model)
    {
        if (string.IsNullOrEmpty(model))
            return Outcomes.None;
        if (!ModelName().IsMatch(model))
            return Outcomes.Other;
        if (seen.ContainsKey(model) || (seen.Count < MaxModels && seen.TryAdd(model, true)))
            return model;
        return Outcomes.Other;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:/@\[\]-]{0,79}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ModelName();
}
