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
    readonly Counter<long> published;

    public CoordinatorMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        submitted = meter.CreateCounter<long>("stamina.items.submitted", description: "Work items accepted by the API");
        claimsGranted = meter.CreateCounter<long>("stamina.claims.granted", description: "Claims granted (attempts started)");
        claimsRejected = meter.CreateCounter<long>("stamina.claims.rejected", description: "Claims refused: duplicate, stale or held messages");
        attemptsEnded = meter.CreateCounter<long>("stamina.attempts.ended", description: "Attempts ended, by outcome");
        reclaims = meter.CreateCounter<long>("stamina.reclaims", description: "Claims taken back from a dead or frozen worker, by path");
        staleReports = meter.CreateCounter<long>("stamina.stale_reports", description: "Results and heartbeats refused under an old token");
        published = meter.CreateCounter<long>("stamina.dispatch.published", description: "ExecuteWorkItem messages confirmed by the broker");
    }

    public void ItemSubmitted(string pool) => submitted.Add(1, Tag("pool", pool));

    public void ClaimGranted(string pool) => claimsGranted.Add(1, Tag("pool", pool));

    public void ClaimRejected(string reason) => claimsRejected.Add(1, Tag("reason", reason));

    public void AttemptEnded(string pool, string outcome) => attemptsEnded.Add(1, Tag("pool", pool), Tag("outcome", outcome));

    public void Reclaimed(string path) => reclaims.Add(1, Tag("path", path));

    public void StaleReport(string kind) => staleReports.Add(1, Tag("kind", kind));

    public void Published(string pool, bool republished) => published.Add(1, Tag("pool", pool), Tag("republished", republished));

    static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
