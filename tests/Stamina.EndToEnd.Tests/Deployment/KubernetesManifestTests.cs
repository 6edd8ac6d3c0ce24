using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests.Deployment;

/// <summary>
/// deploy/k8s, offline (no cluster here): every overlay builds with kubectl kustomize, every resource parses strictly
/// into its typed model (the KEDA and Prometheus-operator CRDs by our typed models of their schemas) with its
/// required fields, and passes our own rules (ManifestRules). A broken manifest fails naming the resource.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class KubernetesManifestTests
{
    static IEnumerable<string> Overlays() => KubernetesManifests.Overlays;

    [TestCaseSource(nameof(Overlays))]
    public async Task Overlay_builds_parses_strictly_and_keeps_our_rules(string overlay)
    {
        var yaml = await KubernetesManifests.BuildAsync(Path.Combine(KubernetesManifests.Root, "overlays", overlay));
        var resources = KubernetesManifests.Parse(yaml);

        var problems = ManifestRules.Check(resources, CoordinatorInstruments.PrometheusNames());

        Assert.That(problems, Is.Empty, $"deploy/k8s/overlays/{overlay}:\n" + string.Join("\n", problems));
    }

    [Test]
    public void Both_overlays_are_shipped() => Assert.That(KubernetesManifests.Overlays, Is.SupersetOf(new[] { "bundled", "managed" }));

    [Test]
    public void The_scaler_reads_a_gauge_the_coordinator_really_exports() =>
        Assert.That(CoordinatorInstruments.PrometheusNames(), Does.Contain("stamina_items").And.Contain("stamina_items_finished_total"));

    // Break the real thing: each mutation of the built bundled overlay must fail, naming what broke.
    [TestCase("terminationGracePeriodSeconds: 90", "terminationGracePeriodSeconds: 20", "StatefulSet worker-main: terminationGracePeriodSeconds 20")]
    [TestCase("stamina_items{pool=", "stamina_itemz{pool=", "ScaledObject worker-main: the query names stamina_itemz")]
    [TestCase("state=~\"Queued|Running\"", "state=~\"Waiting|Running\"", "ScaledObject worker-main: the query does not count Queued")]
    [TestCase("minReplicaCount: 0", "minReplicaCount: 1", "ScaledObject worker-main: minReplicaCount is 1")]
    [TestCase("- 169.254.0.0/16\n", "", "NetworkPolicy workers: an egress to 0.0.0.0/0 must except")]
    [TestCase("port: 22\n", "port: 5432\n", "NetworkPolicy workers: lets workers reach PostgreSQL")]
    [TestCase("fsGroupChangePolicy: OnRootMismatch\n        runAsGroup: 1654\n        runAsNonRoot: true", "fsGroupChangePolicy: OnRootMismatch\n        runAsGroup: 1654\n        runAsNonRoot: false", "StatefulSet worker-main container worker: not runAsNonRoot")]
    [TestCase("registry.example.com/stamina/worker:0.1.0", "registry.example.com/stamina/worker:latest", "StatefulSet worker-main container worker: image")]
    [TestCase("replicas: 2", "replicas: 1", "Deployment coordinator: 1 replicas")]
    public async Task A_broken_manifest_fails_naming_it(string good, string bad, string expected)
    {
        var yaml = await KubernetesManifests.BuildAsync(Path.Combine(KubernetesManifests.Root, "overlays", "bundled"));
        Assert.That(yaml, Does.Contain(good), "the mutation's anchor is gone from the built overlay");
        var resources = KubernetesManifests.Parse(yaml.Replace(good, bad, StringComparison.Ordinal));

        var problems = ManifestRules.Check(resources, CoordinatorInstruments.PrometheusNames());

        Assert.That(problems, Has.Some.StartsWith(expected), string.Join("\n", problems));
    }

    [TestCase("      terminationGracePeriodSeconds: 45", "      terminationGracePeriodSecond: 45", "Deployment coordinator")]
    [TestCase("  cooldownPeriod: 600", "  cooldownPeriods: 600", "ScaledObject worker-main")]
    [TestCase("  podMetricsEndpoints:", "  podMetricEndpoints:", "PodMonitor workers")]
    [TestCase("        name: coordinator\n        ports:", "        nam: coordinator\n        ports:", "Deployment coordinator")]
    public async Task An_unknown_or_missing_field_fails_naming_the_resource(string good, string bad, string expected)
    {
        var yaml = await KubernetesManifests.BuildAsync(Path.Combine(KubernetesManifests.Root, "overlays", "bundled"));
        Assert.That(yaml, Does.Contain(good), "the mutation's anchor is gone from the built overlay");

        var error = Assert.Throws<FormatException>(() => KubernetesManifests.Parse(yaml.Replace(good, bad, StringComparison.Ordinal)));

        Assert.That(error!.Message, Does.StartWith(expected));
    }

    [Test]
    public async Task A_kustomization_that_does_not_build_fails_naming_it()
    {
        using var broken = new Stamina.Testing.TemporaryDirectory("kustomize");
        await File.WriteAllTextAsync(broken.Combine("kustomization.yaml"), "resources:\n  - missing.yaml\n");

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => KubernetesManifests.BuildAsync(broken.Path));

        Assert.That(error!.Message, Does.Contain(broken.Path).And.Contain("missing.yaml"));
    }

    /// <summary>kustomize reads nothing outside its directory, so deploy/k8s holds copies; they must not drift.</summary>
    [TestCase("base/monitoring/stamina-dashboard.json", "grafana/dashboards/stamina.json")]
    [TestCase("overlays/bundled/rabbitmq/rabbitmq.conf", "rabbitmq/rabbitmq.conf")]
    [TestCase("overlays/bundled/rabbitmq/enabled_plugins", "rabbitmq/enabled_plugins")]
    [TestCase("overlays/bundled/rabbitmq/advanced.config", "rabbitmq/advanced.config")]
    public void Copies_in_deploy_k8s_equal_their_originals(string copy, string original) =>
        Assert.That(File.ReadAllText(Path.Combine(KubernetesManifests.Root, copy)),
            Is.EqualTo(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "deploy", original))),
            $"deploy/k8s/{copy} differs from deploy/{original}: copy the original over it");
}
