using System.Diagnostics.Metrics;

namespace Stamina.Coordinator.Telemetry;

/// <summary>The coordinator's own meter (<c>Stamina.Coordinator</c>), exported with MassTransit's on /metrics.</summary>
public sealed class CoordinatorMetrics
{
    public const string MeterName = "Stamina.Coordinator";

    readonly Counter<long> submitted;
    readonly Counter<long> claimsGranted;
    readonly Counter<long> claimsRejected;
    readonly Counter<long> attemptsEnded;
    readonly Counter<long> reclaims;
    readonly Counter<long> staleReports;
    readonly Counter<long> reportsRejected;
    readonly Counter<long> published;
    readonly Counter<long> accountsLimited;
    readonly Counter<long> agentTokens;
    readonly Counter<double> agentCost;

    public CoordinatorMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        submitted = meter.CreateCounter<long>("stamina.items.submitted", description: "Work items accepted by the API");
        claimsGranted = meter.CreateCounter<long>("stamina.claims.granted", description: "Claims granted (attempts started)");
        claimsRejected = meter.CreateCounter<long>("stamina.claims.rejected", description: "Claims refused: duplicate, stale or held messages");
        attemptsEnded = meter.CreateCounter<long>("stamina.attempts.ended", description: "Attempts ended, by outcome");
        reclaims = meter.CreateCounter<long>("stamina.reclaims", description: "Claims taken back from a dead or frozen worker, by path");
        staleReports = meter.CreateCounter<long>("stamina.stale_reports", description: "Results and heartbeats refused under an old token");
        // Exported as stamina_reports_rejected_total{reason="stale|forged|impersonated", kind="heartbeat|result|transcript|<message type>"}.
        reportsRejected = meter.CreateCounter<long>("stamina.reports.rejected",
            description: "Worker reports that changed nothing: stale (an old token) or forged (no proof of the holder)");
        published = meter.CreateCounter<long>("stamina.dispatch.published", description: "ExecuteWorkItem messages confirmed by the broker");
        accountsLimited = meter.CreateCounter<long>("stamina.accounts.limited", description: "Usage limits hit, by account");
        agentTokens = meter.CreateCounter<long>("stamina.agent.tokens", description: "Tokens used by agents in ended attempts, by kind");
        agentCost = meter.CreateCounter<double>("stamina.agent.cost", unit: "USD", description: "Cost reported by agents in ended attempts");
    }

    public void ItemSubmitted(string pool) => submitted.Add(1, Tag("pool", pool));

    public void ClaimGranted(string pool) => claimsGranted.Add(1, Tag("pool", pool));

    public void ClaimRejected(string reason) => claimsRejected.Add(1, Tag("reason", reason));

    public void AttemptEnded(string pool, string outcome) => attemptsEnded.Add(1, Tag("pool", pool), Tag("outcome", outcome));

    public void Reclaimed(string path) => reclaims.Add(1, Tag("path", path));

    public void StaleReport(string kind) => staleReports.Add(1, Tag("kind", kind));

    /// <param name="reason">stale or forged.</param>
    /// <param name="kind">heartbeat, result or transcript.</param>
    public void ReportRejected(string reason, string kind) => reportsRejected.Add(1, Tag("reason", reason), Tag("kind", kind));

    public void Published(string pool, bool republished) => published.Add(1, Tag("pool", pool), Tag("republished", republished));

    public void AccountLimited(string account) => accountsLimited.Add(1, Tag("account", account));

    public void AgentUsage(string pool, Contracts.AgentProgress progress)
    {
        agentTokens.Add(progress.InputTokens, Tag("pool", pool), Tag("kind", "input"));
        agentTokens.Add(progress.OutputTokens, Tag("pool", pool), Tag("kind", "output"));
        agentTokens.Add(progress.CacheReadTokens, Tag("pool", pool), Tag("kind", "cache_read"));
        agentTokens.Add(progress.CacheCreationTokens, Tag("pool", pool), Tag("kind", "cache_creation"));
        if (progress.CostUsd is { } cost)
            agentCost.Add((double)cost, Tag("pool", pool));
    }

    static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
