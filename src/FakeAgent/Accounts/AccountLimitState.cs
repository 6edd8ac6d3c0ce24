using System.Globalization;
using System.Text.Json.Nodes;

namespace Stamina.FakeAgent.Accounts;

/// <summary>What <c>fake-agent-state.json</c> remembers between runs of one account.</summary>
sealed record AccountLimitState(int Runs, int RunsSinceWindow, int Windows, DateTimeOffset? LimitedUntil)
{
    public const string FileName = "fake-agent-state.json";

    public static AccountLimitState Empty { get; } = new(0, 0, 0, null);

    public static AccountLimitState Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return Empty;
        var node = JsonNode.Parse(json) ?? throw new FormatException("the state file holds null");
        var until = (string?)node["limitedUntil"];
        return new AccountLimitState(
            (int?)node["runs"] ?? 0,
            (int?)node["runsSinceWindow"] ?? 0,
            (int?)node["windows"] ?? 0,
            until is null ? null : DateTimeOffset.Parse(until, CultureInfo.InvariantCulture));
    }

    public string ToJson() => new JsonObject
    {
        ["runs"] = Runs,
        ["runsSinceWindow"] = RunsSinceWindow,
        ["windows"] = Windows,
        ["limitedUntil"] = LimitedUntil?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
    }.ToJsonString();
}
