using System.Diagnostics.Metrics;
using Stamina.Contracts;
using Stamina.Coordinator.Journal;

namespace Stamina.Coordinator.Telemetry;

/// <summary>
/// The coordinator's own meter (<c>Stamina.Coordinator</c>): counters and histograms counted where things happen.
/// The gauges read from the database are <see cref="FleetGauges"/>. Names and labels: docs/metrics.md.
/// Labels are bounded (pool, account, harness, model, outcome, error class), never an item id.
/// </summary>
public sealed class CoordinatorMetrics
{
    public const string MeterName = "Stamina.Coordinator";

    readonly Counter<long> submitted;
    readonly Counter<long> finished;
    readonly Counter<long> claimsGranted;
    readonly Counter<long> claimsRejected;
    readonly Counter<long> attemptsEnded;
    readonly Counter<long> reclaims;
    readonly Counter<long> reportsRejected;
    readonly Counter<long> published;
    readonly Counter<long> accountLimits;
    readonly Histogram<double> attemptDuration;
    readonly Histogram<double> queueWait;
    readonly Histogram<double> claimLatency;
    readonly AgentUsageMeter usage;

    public CoordinatorMetrics(IMeterFactory meters, TimeProvider clock)
    {
        var meter = meters.Create(MeterName);
        submitted = meter.CreateCounter<long>("stamina.items.submitted", description: "Work items accepted by the API");
        finished = meter.CreateCounter<long>("stamina.items.finished", description: "Work items that reached a final state, by outcome");
        claimsGranted = meter.CreateCounter<long>("stamina.claims.granted", description: "Claims granted (attempts started)");
        claimsRejected = meter.CreateCounter<long>("stamina.claims.rejected", description: "Claims refused: duplicate, stale or held messages, limited accounts");
        attemptsEnded = meter.CreateCounter<long>("stamina.attempts.ended", description: "Attempts ended, by outcome and error class");
        reclaims = meter.CreateCounter<long>("stamina.reclaims", description: "Claims taken back from a dead, frozen or restarted worker, by cause");
        // Exported as stamina_reports_rejected_total{reason="stale|forged|impersonated", kind="heartbeat|result|transcript|<message type>"}.
        reportsRejected = meter.CreateCounter<long>("stamina.reports.rejected",
            description: "Worker reports that changed nothing: stale (an old token) or forged (no proof of the holder)");
        published = meter.CreateCounter<long>("stamina.dispatch.published", description: "ExecuteWorkItem messages confirmed by the broker");
        accountLimits = meter.CreateCounter<long>("stamina.account.limits", description: "Usage limits hit, by account");
        attemptDuration = meter.CreateHistogram("stamina.attempt.duration", "s", "Attempt duration from claim to end", Buckets.Attempt);
        queueWait = meter.CreateHistogram("stamina.queue.wait", "s", "Time from ready to claimed, per claim", Buckets.Attempt);
        claimLatency = meter.CreateHistogram("stamina.claim.latency", "s", "Time from a worker sending its claim to the grant", Buckets.Fast);
        usage = new AgentUsageMeter(meter, new AgentUsageLedger(clock));
    }

    public void ItemSubmitted(string pool) => submitted.Add(1, Tag("pool", pool));

    /// <summary>Counts the item as finished when <paramref name="state"/> is final (Succeeded, Failed, Cancelled).</summary>
    public void ItemMoved(string pool, string state)
    {
        if (Outcomes.OfFinalState(state) is { } outcome)
            finished.Add(1, Tag("pool", pool), Tag("outcome", outcome));
    }

    /// <param name="readySince">Since when the item could have been claimed (queued, and past any not-before time).</param>
    /// <param name="sentAt">When the worker sent the claim (the message's sent time, UTC), if known.</param>
    public void ClaimGranted(string pool, DateTimeOffset readySince, DateTime? sentAt, DateTimeOffset now)
    {
        claimsGranted.Add(1, Tag("pool", pool));
        queueWait.Record(Seconds(now - readySince), Tag("pool", pool));
        if (sentAt is { } sent)
            claimLatency.Record(Seconds(now - new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc))), Tag("pool", pool));
    }

    public void ClaimRejected(string reason) => claimsRejected.Add(1, Tag("reason", reason));

    /// <param name="facts">The attempt as stored before this ending (null in a journal that keeps none).</param>
    public void AttemptEnded(string pool, Guid item, int attempt, AttemptEnding ending, AttemptFacts? facts)
    {
        var errorClass = Outcomes.BoundedErrorClass(ending.ErrorClass);
        attemptsEnded.Add(1, Tag("pool", pool), Tag("outcome", ending.Outcome), Tag("error_class", errorClass));
        if (facts is null)
            return;
        attemptDuration.Record(Seconds(ending.EndedAt - facts.StartedAt),
            Tag("pool", pool), Tag("outcome", ending.Outcome), Tag("harness", facts.Harness ?? Outcomes.None));
        if (ending.Progress is { } progress)
            usage.Count(pool, item, attempt, facts, progress);
    }

    /// <summary>A heartbeat's progress: tokens and cost counted live, only what it adds over what was counted.</summary>
    public void AgentProgress(string pool, Guid item, int attempt, AttemptFacts? facts, AgentProgress? progress)
    {
        if (facts is not null && progress is not null)
            usage.Count(pool, item, attempt, facts, progress);
    }

    /// <param name="cause">lease, redelivery or restart.</param>
    public void Reclaimed(string cause) => reclaims.Add(1, Tag("cause", cause));

    /// <param name="reason">stale, forged or impersonated.</param>
    /// <param name="kind">heartbeat, result or transcript (or the message type, for an impersonation).</param>
    public void ReportRejected(string reason, string kind) => reportsRejected.Add(1, Tag("reason", reason), Tag("kind", kind));

    public void Published(string pool, bool republished) => published.Add(1, Tag("pool", pool), Tag("republished", republished));

    public void AccountLimited(string account) => accountLimits.Add(1, Tag("account", account));

    static double Seconds(TimeSpan span) => Math.Max(0, span.TotalSeconds);

    internal static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
