using k8s;
using k8s.Models;

namespace Stamina.EndToEnd.Tests.Deployment;

/// <summary>
/// Issue 11's network rules, read from the built NetworkPolicies: everything denied by default; workers reach only
/// DNS, RabbitMQ and git remotes (HTTPS, SSH) outside private ranges; only the coordinator reaches PostgreSQL.
/// </summary>
static class NetworkPolicyRules
{
    const string NameLabel = "app.kubernetes.io/name";
    static readonly Dictionary<string, string> Worker = new() { [NameLabel] = "worker" };
    static readonly Dictionary<string, string> Coordinator = new() { [NameLabel] = "coordinator" };
    static readonly string[] PrivateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"];

    public static void Check(IReadOnlyList<IKubernetesObject> resources, List<string> problems)
    {
        var policies = resources.OfType<V1NetworkPolicy>().ToList();
        if (!policies.Any(p => p.Spec.PodSelector.MatchLabels is not { Count: > 0 } && p.Spec.PodSelector.MatchExpressions is not { Count: > 0 }
                && p.Spec.PolicyTypes?.Contains("Ingress") == true && p.Spec.PolicyTypes.Contains("Egress")
                && p.Spec.Ingress is not { Count: > 0 } && p.Spec.Egress is not { Count: > 0 }))
        {
            problems.Add("NetworkPolicy default-deny: no policy denies all ingress and egress of every pod");
        }

        var workerEgress = policies.Where(p => Applies(p, Worker)).SelectMany(p => (p.Spec.Egress ?? []).Select(rule => (p, rule))).ToList();
        if (workerEgress.Count == 0)
            problems.Add("NetworkPolicy for workers: none allows them any egress");
        foreach (var (policy, rule) in workerEgress)
            CheckWorkerEgress($"NetworkPolicy {policy.Metadata.Name}", rule, problems);
        if (!workerEgress.Any(e => Ports(e.rule).Contains(5672) || Ports(e.rule).Contains(5671)))
            problems.Add("NetworkPolicy for workers: none lets them reach RabbitMQ (5672 or 5671)");
        if (!workerEgress.Any(e => Ports(e.rule).Contains(443)))
            problems.Add("NetworkPolicy for workers: none lets them reach git remotes over HTTPS");
        var postgresPods = resources.OfType<V1StatefulSet>().Where(s => s.Spec.Template.Metadata.Labels is { } l && l.TryGetValue(NameLabel, out var n) && n == "postgres").ToList();
        foreach (var postgres in postgresPods)
        {
            var labels = postgres.Spec.Template.Metadata.Labels;
            var ingress = policies.Where(p => Applies(p, labels)).SelectMany(p => (p.Spec.Ingress ?? []).Select(rule => (p, rule))).ToList();
            if (ingress.Count == 0)
                problems.Add($"StatefulSet {postgres.Metadata.Name}: no NetworkPolicy admits the coordinator");
            foreach (var (policy, rule) in ingress)
            {
                var onlyCoordinator = rule.FromProperty is { Count: > 0 } sources && sources.All(f =>
                    f.IpBlock is null && f.NamespaceSelector is null && f.PodSelector?.MatchLabels is { } m
                    && m.All(pair => Coordinator.GetValueOrDefault(pair.Key) == pair.Value) && m.Count > 0);
                if (!onlyCoordinator)
                    problems.Add($"NetworkPolicy {policy.Metadata.Name}: admits to PostgreSQL more than the coordinator");
            }
        }
    }

    static void CheckWorkerEgress(string name, V1NetworkPolicyEgressRule rule, List<string> problems)
    {
        var ports = Ports(rule);
        if (rule.Ports is not { Count: > 0 })
        {
            problems.Add($"{name}: an egress rule of the workers allows every port");
            return;
        }
        if (ports.Contains(5432))
            problems.Add($"{name}: lets workers reach PostgreSQL's port (only the coordinator may)");
        foreach (var port in ports.Except([53, 443, 22, 5671, 5672]))
            problems.Add($"{name}: lets workers reach port {port} (only DNS, RabbitMQ and git remotes)");
        foreach (var target in rule.To ?? [])
        {
            if (target.IpBlock is { } block && block.Cidr is "0.0.0.0/0" && PrivateRanges.Any(r => block.Except?.Contains(r) != true))
                problems.Add($"{name}: an egress to 0.0.0.0/0 must except the private ranges ({string.Join(", ", PrivateRanges)})");
            if (target.PodSelector?.MatchLabels is { } m && m.TryGetValue(NameLabel, out var n) && n is "postgres" or "coordinator")
                problems.Add($"{name}: lets workers reach {target.PodSelector.MatchLabels[NameLabel]} pods");
        }
        if (rule.To is not { Count: > 0 })
            problems.Add($"{name}: an egress rule of the workers allows every destination");
    }

    static List<int> Ports(V1NetworkPolicyEgressRule rule) =>
        (rule.Ports ?? []).Select(p => p.Port?.Value is { } value && int.TryParse(value, out var number) ? number : -1).ToList();

    static bool Applies(V1NetworkPolicy policy, IDictionary<string, string>? labels) =>
        (policy.Spec.PolicyTypes ?? []).Count > 0
        && (policy.Spec.PodSelector.MatchLabels ?? new Dictionary<string, string>()).All(pair => labels?.TryGetValue(pair.Key, out var value) == true && value == pair.Value);
}
