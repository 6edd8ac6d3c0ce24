using System.Text.RegularExpressions;

namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>The documented metric families (docs/metrics.md) and the checks a scrape of them must pass.</summary>
static partial class MetricFamilies
{
    /// <summary>Family name, Prometheus type, label names (sorted, comma-separated).</summary>
    public static readonly (string Name, string Type, string Labels)[] CoordinatorFamilies =
    [
        ("stamina_items", "gauge", "pool,state"),
        ("stamina_queue_oldest_age_seconds", "gauge", "pool"),
        ("stamina_workers", "gauge", "account,pool,state"),
        ("stamina_account_limited", "gauge", "account"),
        ("stamina_account_limited_until_timestamp_seconds", "gauge", "account"),
        ("stamina_attempts_running", "gauge", "account,harness,pool"),
        ("stamina_items_submitted_total", "counter", "pool"),
        ("stamina_items_finished_total", "counter", "outcome,pool"),
        ("stamina_attempts_ended_total", "counter", "error_class,outcome,pool"),
        ("stamina_claims_granted_total", "counter", "pool"),
        ("stamina_account_limits_total", "counter", "account"),
        ("stamina_agent_tokens_total", "counter", "account,harness,model,pool,type"),
        ("stamina_agent_cost_usd_total", "counter", "account,harness,model,pool"),
        ("stamina_dispatch_published_total", "counter", "pool,republished"),
        ("stamina_attempt_duration_seconds", "histogram", "harness,outcome,pool"),
        ("stamina_queue_wait_seconds", "histogram", "pool"),
        ("stamina_claim_latency_seconds", "histogram", "pool"),
    ];

    /// <summary>Counted only when it happens (a refused claim, a reclaim, a rejected report): checked when present.</summary>
    public static readonly (string Name, string Type, string Labels)[] CoordinatorFamiliesWhenCounted =
    [
        ("stamina_claims_rejected_total", "counter", "reason"),
        ("stamina_reclaims_total", "counter", "cause"),
        ("stamina_reports_rejected_total", "counter", "kind,reason"),
    ];

    public static readonly (string Name, string Type, string Labels)[] WorkerFamilies =
    [
        ("stamina_worker_worktree_setup_seconds", "histogram", ""),
        ("stamina_worker_git_fetch_seconds", "histogram", ""),
        ("stamina_worker_git_push_seconds", "histogram", ""),
        ("stamina_worker_git_failures_total", "counter", "operation"),
        ("stamina_worker_agent_runs_total", "counter", "ending,harness"),
    ];

    /// <summary>The sum over the family's series whose labels include every pair given.</summary>
    public static double Value(PrometheusScrape scrape, string name, params (string Key, string Value)[] labels) =>
        scrape.Samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Sum(s => s.Value);

    public static void AssertFamilies(PrometheusScrape scrape, (string Name, string Type, string Labels)[] families, bool required)
    {
        foreach (var (name, type, labels) in families)
        {
            if (!required && !scrape.Types.ContainsKey(name))
                continue;
            Assert.That(scrape.Types.GetValueOrDefault(name), Is.EqualTo(type), $"# TYPE of {name}");
            Assert.That(scrape.LabelSets(name), Is.EqualTo(new[] { labels }), $"the labels of {name}");
        }
    }

    /// <summary>No label value is an item id, or any id at all: a series per item would grow without bound.</summary>
    public static void AssertNoItemIds(PrometheusScrape scrape, IReadOnlyList<Guid> ids)
    {
        foreach (var id in ids)
        {
            Assert.That(scrape.Text, Does.Not.Contain(id.ToString()).IgnoreCase, "an item id on /metrics");
            Assert.That(scrape.Text, Does.Not.Contain(id.ToString("N")).IgnoreCase, "an item id on /metrics");
        }
        var stamina = scrape.Samples.Where(s => s.Name.StartsWith("stamina_", StringComparison.Ordinal)).ToList();
        Assert.That(stamina, Is.Not.Empty);
        Assert.That(stamina.SelectMany(s => s.Labels.Values).Where(v => IdLike().IsMatch(v)), Is.Empty, "label values that look like ids");
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")]
    private static partial Regex IdLike();
}
