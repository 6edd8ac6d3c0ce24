using k8s;
using k8s.Models;

namespace Stamina.EndToEnd.Tests.Deployment;

/// <summary>The Prometheus operator's <c>monitoring.coreos.com/v1</c> ServiceMonitor, typed with the CRD's fields our manifests may use.</summary>
public sealed class PrometheusServiceMonitor : IKubernetesObject<V1ObjectMeta>
{
    public const string Api = "monitoring.coreos.com/v1";
    public const string KindName = "ServiceMonitor";

    public string ApiVersion { get; set; } = Api;
    public string Kind { get; set; } = KindName;
    public V1ObjectMeta Metadata { get; set; } = new();
    public MonitorSpec Spec { get; set; } = new();

    public sealed class MonitorSpec
    {
        public V1LabelSelector? Selector { get; set; }
        public List<string>? TargetLabels { get; set; }
        public List<ScrapeEndpoint> Endpoints { get; set; } = [];
    }
}
