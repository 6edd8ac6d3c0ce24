using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Stamina.EndToEnd.Tests.Monitoring;

/// <summary>
/// The PromQL of a Prometheus rule file: every alert's condition (with the labels its annotations print, as
/// <c>{{ $labels.pool }}</c>) and every recording rule's expression.
/// </summary>
static partial class ShippedRules
{
    public static IReadOnlyList<ShippedQuery> Load(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
            yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        var queries = new List<ShippedQuery>();
        foreach (var group in ((YamlSequenceNode)root["groups"]).Cast<YamlMappingNode>())
        {
            foreach (var rule in ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
            {
                var expression = (((YamlScalarNode)rule["expr"]).Value ?? "").Trim();
                if (rule.Children.TryGetValue("alert", out var alert))
                {
                    var annotations = rule.Children.TryGetValue("annotations", out var found)
                        ? string.Join('\n', ((YamlMappingNode)found).Children.Values.OfType<YamlScalarNode>().Select(text => text.Value))
                        : "";
                    IReadOnlyList<string> labels = [.. AnnotationLabel().Matches(annotations).Select(match => match.Groups["label"].Value).Distinct()];
                    queries.Add(new ShippedQuery($"{Path.GetFileName(path)} alert {((YamlScalarNode)alert).Value}", expression, IsCondition: true, labels));
                }
                else
                {
                    queries.Add(new ShippedQuery($"{Path.GetFileName(path)} record {((YamlScalarNode)rule["record"]).Value}", expression, IsCondition: false, []));
                }
            }
        }
        return queries;
    }

    [GeneratedRegex(@"\$labels\.(?<label>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex AnnotationLabel();
}
