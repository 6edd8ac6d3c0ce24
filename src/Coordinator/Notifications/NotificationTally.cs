using System.Text.Json.Nodes;

namespace Stamina.Coordinator.Notifications;

/// <summary>What a batch or a shift did: finished items by state, their agents' cost and the time it took.</summary>
sealed record NotificationTally(int Succeeded, int Failed, int Cancelled, double CostUsd, TimeSpan Duration)
{
    public string Level => Failed > 0 ? NotificationLevels.Warning : NotificationLevels.Info;

    public string Summary =>
        $"{Succeeded} succeeded, {Failed} failed, {Cancelled} cancelled in {TextOf.Duration(Duration)}; agent cost {TextOf.Usd(CostUsd)}.";

    public JsonObject ToJson() => new()
    {
        ["succeeded"] = Succeeded,
        ["failed"] = Failed,
        ["cancelled"] = Cancelled,
        ["costUsd"] = Math.Round(CostUsd, 6),
        ["durationSeconds"] = Math.Round(Duration.TotalSeconds, 3),
    };
}
