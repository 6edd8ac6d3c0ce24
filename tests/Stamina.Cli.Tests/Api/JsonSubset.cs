using System.Text.Json.Nodes;

namespace Stamina.Cli.Tests.Api;

/// <summary>Where one JSON document says something another does not: fields missing, renamed or changed.</summary>
static class JsonSubset
{
    /// <returns>Paths in <paramref name="expected"/> that <paramref name="actual"/> lacks or holds differently; a null counts as absent.</returns>
    public static List<string> Differences(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        var differences = new List<string>();
        switch (expected)
        {
            case null:
                break;
            case JsonObject fields:
                foreach (var (name, value) in fields)
                {
                    if (value is null)
                        continue;
                    var other = (actual as JsonObject)?[name];
                    if (other is null)
                        differences.Add($"{path}.{name} is missing");
                    else
                        differences.AddRange(Differences(value, other, $"{path}.{name}"));
                }
                break;
            case JsonArray items:
                var others = actual as JsonArray;
                for (var i = 0; i < items.Count; i++)
                {
                    if (others is null || i >= others.Count)
                        differences.Add($"{path}[{i}] is missing");
                    else
                        differences.AddRange(Differences(items[i], others[i], $"{path}[{i}]"));
                }
                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                    differences.Add($"{path} was {expected.ToJsonString()}, came back {actual?.ToJsonString() ?? "null"}");
                break;
        }
        return differences;
    }
}
