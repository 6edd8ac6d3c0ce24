using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Stamina.ServiceDefaults.Configuration;

/// <summary>
/// Turns a YAML document into configuration keys the way the JSON provider does: mappings nest with <c>:</c>
/// (<c>Stamina:Worker:Pool</c>), sequence items are numbered (<c>Stamina:AllowedLocalRoots:0</c>), scalars are kept as
/// written. Keys are case-insensitive, like all .NET configuration, so <c>pool</c> and <c>Pool</c> in one mapping clash.
/// </summary>
public static class YamlConfigurationFlattener
{
    public static Dictionary<string, string?> Flatten(TextReader reader, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlException exception)
        {
            throw StaminaConfigException.At(fileName, (int)exception.Start.Line, (int)exception.Start.Column,
                OneLine(exception.InnerException?.Message ?? exception.Message), exception);
        }
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (stream.Documents.Count == 0)
            return data;
        if (stream.Documents.Count > 1)
            throw At(fileName, stream.Documents[1].RootNode, "only one YAML document is allowed (remove the second '---')");
        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode { Value: null or "" or "~" or "null" })
            return data;
        if (root is not YamlMappingNode mapping)
            throw At(fileName, root, "the top level must be a mapping of sections, such as 'Stamina:' and 'ConnectionStrings:'");
        AddMapping(data, fileName, mapping, prefix: null);
        return data;
    }

    static void Add(Dictionary<string, string?> data, string fileName, YamlNode node, string key)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                AddMapping(data, fileName, mapping, key);
                break;
            case YamlSequenceNode sequence:
                for (var index = 0; index < sequence.Children.Count; index++)
                    Add(data, fileName, sequence.Children[index], $"{key}:{index}");
                break;
            case YamlScalarNode scalar:
                if (!data.TryAdd(key, ScalarValue(scalar)))
                    throw At(fileName, node, $"'{key}' is set twice (keys are case-insensitive)");
                break;
            default:
                throw At(fileName, node, $"'{key}' has a value of an unsupported kind");
        }
    }

    static void AddMapping(Dictionary<string, string?> data, string fileName, YamlMappingNode mapping, string? prefix)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } name })
                throw At(fileName, keyNode, "a key must be a plain name");
            if (name.Contains(':', StringComparison.Ordinal))
                throw At(fileName, keyNode, $"the key '{name}' contains ':'; nest it as a mapping instead");
            if (!seen.Add(name))
                throw At(fileName, keyNode, $"the key '{name}' appears twice in this mapping (keys are case-insensitive)");
            Add(data, fileName, valueNode, prefix is null ? name : $"{prefix}:{name}");
        }
    }

    /// <summary>YAML's null (<c>~</c>, <c>null</c>, nothing) unsets the key; everything else is the text as written.</summary>
    static string? ScalarValue(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL" ? null : scalar.Value;

    static StaminaConfigException At(string fileName, YamlNode node, string problem) =>
        StaminaConfigException.At(fileName, (int)node.Start.Line, (int)node.Start.Column, problem);

    static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
