using System.Reflection;
using k8s;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests.Deployment;

/// <summary>deploy/k8s: its overlays built with <c>kubectl kustomize</c>, and the output parsed strictly into typed resources.</summary>
static class KubernetesManifests
{
    public static string Root => Path.Combine(RepositoryRoot.Path, "deploy", "k8s");

    public static IEnumerable<string> Overlays =>
        Directory.GetDirectories(Path.Combine(Root, "overlays")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>The CRDs our manifests use, by <c>apiVersion/kind</c>; built-in kinds come from the client's own map.</summary>
    static readonly Dictionary<string, Type> CustomKinds = new()
    {
        [$"{KedaScaledObject.Api}/{KedaScaledObject.KindName}"] = typeof(KedaScaledObject),
        [$"{PrometheusServiceMonitor.Api}/{PrometheusServiceMonitor.KindName}"] = typeof(PrometheusServiceMonitor),
        [$"{PrometheusPodMonitor.Api}/{PrometheusPodMonitor.KindName}"] = typeof(PrometheusPodMonitor),
    };

    public static async Task<string> BuildAsync(string directory)
    {
        var (exitCode, output) = await DeployTool.RunAsync("kubectl", ["kustomize", directory]);
        if (exitCode != 0)
            throw new InvalidOperationException($"kubectl kustomize {directory} failed ({exitCode}): {output}");
        return output;
    }

    /// <summary>
    /// Every resource, typed. Throws naming the document for an unknown kind, an unknown or misplaced field (strict
    /// parsing), or a required field missing (the models' own <c>Validate</c>).
    /// </summary>
    public static IReadOnlyList<IKubernetesObject> Parse(string yaml)
    {
        var documents = yaml.Split("\n---", StringSplitOptions.RemoveEmptyEntries).Where(d => d.Trim().Length > 0).ToList();
        var resources = new List<IKubernetesObject>();
        foreach (var document in documents)
        {
            var header = KubernetesYaml.Deserialize<KubernetesObjectHeader>(document);
            var name = $"{header.Kind} {header.Metadata?.Name ?? "(no name)"}";
            if (!CustomKinds.ContainsKey($"{header.ApiVersion}/{header.Kind}") && !BuiltInKinds.Contains($"{header.ApiVersion}/{header.Kind}"))
                throw new FormatException($"{name}: unknown kind {header.ApiVersion}/{header.Kind} (no schema to check it against)");
            object parsed;
            try
            {
                parsed = KubernetesYaml.LoadAllFromString(document, CustomKinds, strict: true).Single();
            }
            catch (Exception exception) when (exception is not InvalidOperationException)
            {
                throw new FormatException($"{name}: {exception.GetBaseException().Message}", exception);
            }
            try
            {
                Validate(parsed);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is ArgumentException missing)
            {
                throw new FormatException($"{name}: a required field is missing: {missing.Message}", exception);
            }
            resources.Add((IKubernetesObject)parsed);
        }
        return resources;
    }

    static readonly HashSet<string> BuiltInKinds = typeof(KubernetesYaml).Assembly.GetTypes()
        .Select(t => t.GetCustomAttribute<k8s.Models.KubernetesEntityAttribute>())
        .OfType<k8s.Models.KubernetesEntityAttribute>()
        .Select(a => $"{(string.IsNullOrEmpty(a.Group) ? "" : a.Group + "/")}{a.ApiVersion}/{a.Kind}")
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The generated models check their required properties in <c>Validate()</c>, recursively.</summary>
    static void Validate(object resource) =>
        resource.GetType().GetMethod("Validate", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)?.Invoke(resource, null);

    sealed class KubernetesObjectHeader
    {
        public string? ApiVersion { get; set; }
        public string? Kind { get; set; }
        public k8s.Models.V1ObjectMeta? Metadata { get; set; }
    }
}
