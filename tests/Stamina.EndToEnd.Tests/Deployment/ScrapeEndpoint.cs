namespace Stamina.EndToEnd.Tests.Deployment;

/// <summary>An endpoint of a ServiceMonitor or PodMonitor (the operator's <c>Endpoint</c> / <c>PodMetricsEndpoint</c>, the fields we use).</summary>
public sealed class ScrapeEndpoint
{
    public string? Port { get; set; }
    public string? Path { get; set; }
    public string? Scheme { get; set; }
    public string? Interval { get; set; }
    public string? ScrapeTimeout { get; set; }
    public List<Relabeling>? Relabelings { get; set; }
    public List<Relabeling>? MetricRelabelings { get; set; }

    public sealed class Relabeling
    {
        public List<string>? SourceLabels { get; set; }
        public string? Separator { get; set; }
        public string? TargetLabel { get; set; }
        public string? Regex { get; set; }
        public string? Replacement { get; set; }
        public string? Action { get; set; }
    }
}
