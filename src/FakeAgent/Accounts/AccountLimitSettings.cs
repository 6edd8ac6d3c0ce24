using System.Text.Json;
using Stamina.FakeAgent.Cli;

namespace Stamina.FakeAgent.Accounts;

/// <summary>
/// <c>fake-agent.json</c> in the account's config dir: <c>{"usageLimit":{"afterRuns":2,"resetInSeconds":20,"times":1}}</c>.
/// Run number <see cref="AfterRuns"/>+1 (counted since the last window ended) opens a limit window of
/// <see cref="ResetIn"/>; at most <see cref="Times"/> windows ever open.
/// </summary>
sealed record AccountLimitSettings(int AfterRuns, TimeSpan ResetIn, int Times)
{
    public const string FileName = "fake-agent.json";

    /// <summary>The settings in <paramref name="configDirectory"/>, or null when it has no file or no <c>usageLimit</c>.</summary>
    public static AccountLimitSettings? Load(string configDirectory)
    {
        var path = Path.Combine(configDirectory, FileName);
        if (!File.Exists(path))
            return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (!document.RootElement.TryGetProperty("usageLimit", out var limit))
                return null;
            return new AccountLimitSettings(
                Whole(limit, "afterRuns", 0),
                TimeSpan.FromSeconds(limit.TryGetProperty("resetInSeconds", out var reset) ? reset.GetDouble() : 60),
                Whole(limit, "times", 1));
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException)
        {
            throw new UsageException($"{path} is not valid: {error.Message}");
        }
    }

    static int Whole(JsonElement limit, string name, int fallback) =>
        limit.TryGetProperty(name, out var value) ? value.GetInt32() : fallback;
}
