using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests.Monitoring;

/// <summary>The monitoring files the repository ships under deploy/.</summary>
static class DeployFiles
{
    public static string PrometheusConfig => Path.Combine(RepositoryRoot.Path, "deploy", "prometheus", "prometheus.yml");

    public static string AlertRules => Path.Combine(RepositoryRoot.Path, "deploy", "prometheus", "alerts.yml");

    public static string Dashboard => Path.Combine(RepositoryRoot.Path, "deploy", "grafana", "dashboards", "stamina.json");

    public static string GrafanaDatasources => Path.Combine(RepositoryRoot.Path, "deploy", "grafana", "provisioning", "datasources", "stamina.yml");

    public static string GrafanaDashboardProvider => Path.Combine(RepositoryRoot.Path, "deploy", "grafana", "provisioning", "dashboards", "stamina.yml");

    /// <summary>Every PromQL expression shipped: the dashboard's targets and the rule files' expressions.</summary>
    public static IReadOnlyList<ShippedQuery> AllQueries =>
        [.. ShippedDashboard.Load(Dashboard).Queries, .. ShippedRules.Load(AlertRules)];
}
