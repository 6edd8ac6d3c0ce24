using k8s;
using k8s.Models;

namespace Stamina.EndToEnd.Tests.Deployment;

/// <summary>
/// KEDA's <c>keda.sh/v1alpha1</c> ScaledObject, typed with the fields of KEDA's CRD that our manifests may use: parsed
/// strictly, a misspelt or misplaced field fails the build check instead of being ignored by a cluster.
/// </summary>
public sealed class KedaScaledObject : IKubernetesObject<V1ObjectMeta>
{
    public const string Api = "keda.sh/v1alpha1";
    public const string KindName = "ScaledObject";

    public string ApiVersion { get; set; } = Api;
    public string Kind { get; set; } = KindName;
    public V1ObjectMeta Metadata { get; set; } = new();
    public ScaledObjectSpec Spec { get; set; } = new();

    public sealed class ScaledObjectSpec
    {
        public ScaleTarget? ScaleTargetRef { get; set; }
        public int? MinReplicaCount { get; set; }
        public int? MaxReplicaCount { get; set; }
        public int? IdleReplicaCount { get; set; }
        public int? PollingInterval { get; set; }
        public int? CooldownPeriod { get; set; }
        public Advanced? Advanced { get; set; }
        public List<Trigger> Triggers { get; set; } = [];
    }

    public sealed class ScaleTarget
    {
        public string? ApiVersion { get; set; }
        public string? Kind { get; set; }
        public string? Name { get; set; }
        public string? EnvSourceContainerName { get; set; }
    }

    public sealed class Advanced
    {
        public bool? RestoreToOriginalReplicaCount { get; set; }
        public HpaConfig? HorizontalPodAutoscalerConfig { get; set; }
    }

    public sealed class HpaConfig
    {
        public string? Name { get; set; }
        public V2HorizontalPodAutoscalerBehavior? Behavior { get; set; }
    }

    public sealed class Trigger
    {
        public string? Type { get; set; }
        public string? Name { get; set; }
        public string? MetricType { get; set; }
        public bool? UseCachedMetrics { get; set; }
        public Dictionary<string, string> Metadata { get; set; } = [];
        public AuthenticationRef? AuthenticationRef { get; set; }
    }

    public sealed class AuthenticationRef
    {
        public string? Name { get; set; }
        public string? Kind { get; set; }
    }
}
