using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Stamina.Coordinator.WorkItems;
using Stamina.Worker;

namespace Stamina.EndToEnd.Tests.Deployment;

/// <summary>
/// Our own rules for a built deploy/k8s overlay, beyond the schemas: each problem names the resource it is about.
/// </summary>
static partial class ManifestRules
{
    const string NameLabel = "app.kubernetes.io/name";

    /// <summary>The worker stops within DrainTimeout plus the bus's 20 s and the host's 10 s (WorkerExtensions).</summary>
    static readonly TimeSpan WorkerStopAfterDrain = TimeSpan.FromSeconds(30);

    public static IReadOnlyList<string> Check(IReadOnlyList<IKubernetesObject> resources, IReadOnlySet<string> coordinatorMetrics)
    {
        var problems = new List<string>();
        var workloads = Workloads(resources).ToList();
        foreach (var (name, replicas, template) in workloads)
            CheckPod(name, template, problems);
        CheckCoordinator(resources, problems);
        CheckWorkers(resources, coordinatorMetrics, problems);
        CheckMonitors(resources, problems);
        NetworkPolicyRules.Check(resources, problems);
        if (!resources.OfType<V1ConfigMap>().Any(c => c.Metadata.Name == "stamina-grafana-dashboard" && c.Data?.ContainsKey("stamina.json") == true))
            problems.Add("ConfigMap stamina-grafana-dashboard: missing, or without stamina.json");
        return problems;
    }

    static IEnumerable<(string Name, int? Replicas, V1PodTemplateSpec Template)> Workloads(IEnumerable<IKubernetesObject> resources)
    {
        foreach (var resource in resources)
        {
            if (resource is V1Deployment deployment)
                yield return ($"Deployment {deployment.Metadata.Name}", deployment.Spec.Replicas, deployment.Spec.Template);
            else if (resource is V1StatefulSet set)
                yield return ($"StatefulSet {set.Metadata.Name}", set.Spec.Replicas, set.Spec.Template);
        }
    }

    static void CheckPod(string name, V1PodTemplateSpec template, List<string> problems)
    {
        var pod = template.Spec;
        var podNonRoot = pod.SecurityContext?.RunAsNonRoot == true && pod.SecurityContext.RunAsUser is not 0;
        foreach (var container in pod.Containers.Concat(pod.InitContainers ?? []))
        {
            var where = $"{name} container {container.Name}";
            if (container.LivenessProbe is null)
                problems.Add($"{where}: no livenessProbe");
            if (container.ReadinessProbe is null && !(pod.InitContainers?.Contains(container) ?? false))
                problems.Add($"{where}: no readinessProbe");
            foreach (var resource in new[] { "cpu", "memory" })
            {
                if (container.Resources?.Requests?.ContainsKey(resource) != true)
                    problems.Add($"{where}: no {resource} request");
                if (container.Resources?.Limits?.ContainsKey(resource) != true)
                    problems.Add($"{where}: no {resource} limit");
            }
            var nonRoot = container.SecurityContext?.RunAsNonRoot ?? podNonRoot;
            if (!nonRoot || container.SecurityContext?.RunAsUser == 0)
                problems.Add($"{where}: not runAsNonRoot");
            if (container.SecurityContext?.AllowPrivilegeEscalation != false)
                problems.Add($"{where}: allowPrivilegeEscalation is not false");
            if (!IsPinned(container.Image ?? ""))
                problems.Add($"{where}: image '{container.Image}' is not pinned to a version tag or digest");
        }
    }

    static void CheckCoordinator(IReadOnlyList<IKubernetesObject> resources, List<string> problems)
    {
        var coordinator = resources.OfType<V1Deployment>().SingleOrDefault(d => d.Metadata.Name == "coordinator");
        if (coordinator is null)
        {
            problems.Add("Deployment coordinator: missing");
            return;
        }
        if (coordinator.Spec.Replicas is not >= 2)
            problems.Add($"Deployment coordinator: {coordinator.Spec.Replicas} replicas (two keep the API up through a fail-over)");
        var labels = coordinator.Spec.Template.Metadata.Labels;
        if (!resources.OfType<V1PodDisruptionBudget>().Any(p => Selects(p.Spec.Selector, labels) && (p.Spec.MinAvailable is not null || p.Spec.MaxUnavailable is not null)))
            problems.Add("Deployment coordinator: no PodDisruptionBudget selects its pods");
        if (!resources.OfType<V1Service>().Any(s => Selects(s.Spec.Selector, labels)))
            problems.Add("Deployment coordinator: no Service selects its pods");
    }

    static void CheckWorkers(IReadOnlyList<IKubernetesObject> resources, IReadOnlySet<string> coordinatorMetrics, List<string> problems)
    {
        var workers = resources.OfType<V1StatefulSet>().Where(s => s.Spec.Template.Metadata.Labels is { } l && l.TryGetValue(NameLabel, out var n) && n == "worker").ToList();
        if (workers.Count == 0)
            problems.Add("StatefulSet of workers: none");
        var scalers = resources.OfType<KedaScaledObject>().ToList();
        foreach (var set in workers)
        {
            var name = $"StatefulSet {set.Metadata.Name}";
            var container = set.Spec.Template.Spec.Containers.FirstOrDefault(c => c.Name == "worker");
            var drain = container?.Env?.FirstOrDefault(e => e.Name == "Stamina__Worker__DrainTimeout")?.Value is { } text
                ? TimeSpan.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
                : new WorkerSettings().DrainTimeout;
            var release = drain + WorkerStopAfterDrain;
            if (set.Spec.Template.Spec.TerminationGracePeriodSeconds is not { } grace || TimeSpan.FromSeconds(grace) < release)
                problems.Add($"{name}: terminationGracePeriodSeconds {set.Spec.Template.Spec.TerminationGracePeriodSeconds?.ToString() ?? "(default 30)"} is shorter than the worker's release time ({release.TotalSeconds} s: DrainTimeout {drain.TotalSeconds} s + 30 s)");
            if (set.Spec.VolumeClaimTemplates is not { Count: > 0 })
                problems.Add($"{name}: no volumeClaimTemplates (each pod needs its own work directory)");
            if (!scalers.Any(s => s.Spec.ScaleTargetRef is { Kind: "StatefulSet" } target && target.Name == set.Metadata.Name))
                problems.Add($"{name}: no KEDA ScaledObject scales it");
        }
        foreach (var scaler in scalers)
            CheckScaler(scaler, workers, coordinatorMetrics, problems);
    }

    static void CheckScaler(KedaScaledObject scaler, List<V1StatefulSet> workers, IReadOnlySet<string> coordinatorMetrics, List<string> problems)
    {
        var name = $"ScaledObject {scaler.Metadata.Name}";
        if (scaler.Spec.ScaleTargetRef is not { Kind: "StatefulSet" } target || workers.All(w => w.Metadata.Name != target.Name))
            problems.Add($"{name}: scaleTargetRef names no worker StatefulSet of this build");
        if (scaler.Spec.MinReplicaCount is not 0)
            problems.Add($"{name}: minReplicaCount is {scaler.Spec.MinReplicaCount?.ToString() ?? "unset"}; scale to zero needs 0");
        if (scaler.Spec.MaxReplicaCount is not > 0)
            problems.Add($"{name}: no maxReplicaCount (each pod needs a broker user made in advance)");
        var triggers = scaler.Spec.Triggers;
        if (triggers.Count == 0 || triggers.Any(t => t.Type != "prometheus"))
            problems.Add($"{name}: triggers must be prometheus ones on the coordinator's gauge (the broker's queue length does not show the backlog)");
        foreach (var trigger in triggers.Where(t => t.Type == "prometheus"))
        {
            var query = trigger.Metadata.GetValueOrDefault("query") ?? "";
            if (!trigger.Metadata.ContainsKey("serverAddress") || !trigger.Metadata.ContainsKey("threshold"))
                problems.Add($"{name}: a prometheus trigger needs serverAddress and threshold");
            var metrics = MetricName().Matches(query).Select(m => m.Value).Where(m => m.StartsWith("stamina_", StringComparison.Ordinal)).ToList();
            if (metrics.Count == 0)
                problems.Add($"{name}: the query '{query}' names no stamina_ metric");
            foreach (var metric in metrics.Where(m => !coordinatorMetrics.Contains(m)))
                problems.Add($"{name}: the query names {metric}, which the coordinator does not export");
            var states = StateMatcher().Matches(query).SelectMany(m => m.Groups["states"].Value.Split('|')).ToList();
            if (!states.Contains(WorkItemStates.Queued))
                problems.Add($"{name}: the query does not count {WorkItemStates.Queued} items");
            foreach (var state in states.Where(s => !WorkItemStates.All.Contains(s)))
                problems.Add($"{name}: the query names the state '{state}', which items never have");
        }
    }

    static void CheckMonitors(IReadOnlyList<IKubernetesObject> resources, List<string> problems)
    {
        var services = resources.OfType<V1Service>().ToList();
        var coordinatorScraped = resources.OfType<PrometheusServiceMonitor>().Any(m =>
            services.Any(s => Selects(m.Spec.Selector, s.Metadata.Labels) && s.Spec.Selector is { } sel && sel.TryGetValue(NameLabel, out var n) && n == "coordinator")
            && m.Spec.Endpoints.Count > 0);
        if (!coordinatorScraped)
            problems.Add("ServiceMonitor for the coordinator: none selects the coordinator's Service");
        var workerLabels = new Dictionary<string, string> { [NameLabel] = "worker" };
        if (!resources.OfType<PrometheusPodMonitor>().Any(m => Selects(m.Spec.Selector, workerLabels) && m.Spec.PodMetricsEndpoints.Count > 0))
            problems.Add("PodMonitor for the workers: none selects the worker pods");
    }

    static bool Selects(V1LabelSelector? selector, IDictionary<string, string>? labels) =>
        selector is not null && Selects(selector.MatchLabels, labels);

    /// <summary>An empty selector selects everything; a missing one (null) nothing.</summary>
    static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is not null && selector.All(pair => labels?.TryGetValue(pair.Key, out var value) == true && value == pair.Value);

    /// <summary>A digest, or a tag that is a version (a digit first, optionally after 'v'): never latest, never none.</summary>
    public static bool IsPinned(string image)
    {
        if (Digest().IsMatch(image))
            return true;
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') && VersionTag().IsMatch(image[(colon + 1)..]);
    }

    [GeneratedRegex("@sha256:[0-9a-f]{64}$")]
    private static partial Regex Digest();

    [GeneratedRegex("^v?[0-9]+\\.[0-9][A-Za-z0-9._-]*$")]
    private static partial Regex VersionTag();

    [GeneratedRegex("stamina_[a-z0-9_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex("state\\s*=~?\\s*\"(?<states>[^\"]*)\"")]
    private static partial Regex StateMatcher();
}
