using System.Text.Json;

namespace Stamina.FakeAgent.Cli;

/// <summary>
/// Gemini has no turn flag: its limit is <c>model.maxSessionTurns</c> (or the older top-level
/// <c>maxSessionTurns</c>) in <c>$GEMINI_CLI_HOME/.gemini/settings.json</c>; -1 or absent means none.
/// </summary>
static class GeminiSettings
{
    public static int? MaxSessionTurns(string? configDirectory)
    {
        if (configDirectory is null)
            return null;
        var path = Path.Combine(configDirectory, ".gemini", "settings.json");
        if (!File.Exists(path))
            return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var found = root.TryGetProperty("model", out var model) && model.TryGetProperty("maxSessionTurns", out var turns)
                ? turns
                : root.TryGetProperty("maxSessionTurns", out var legacy) ? legacy : (JsonElement?)null;
            return found is { } value && value.GetInt32() >= 0 ? value.GetInt32() : null;
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException)
        {
            throw new UsageException($"{path} is not valid: {error.Message}");
        }
    }
}
