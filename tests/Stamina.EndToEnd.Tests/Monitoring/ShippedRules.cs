using YamlDotNet.RepresentationModel;

namespace Stamina.EndToEnd.Tests.Monitoring;

/// <summary>The PromQL of a Prometheus rule file: every alert's condition and every recording rule's expression.</summary>
static class ShippedRules
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
                var expression = ((YamlScalarNode)rule["expr"]).Value ?? "";
                var alert = rule.Children.TryGetValue("alert", out var name) ? ((YamlScalarNode)name).Value : null;
                var record = rule.Children.TryGetValue("record", out var recorded) ? ((YamlScalarNode)recorded).Value : null;
                queries.Add(alert is not null
                    ? new ShippedQuery($"{Path.GetFileName(path)} alert {alert}", expression.Trim(), IsCondition: true)
                    : new ShippedQuery($"{Path.GetFileName(path)} record {record}", expression.Trim(), IsCondition: false));
            }
        }
        return queries;
    }
}
