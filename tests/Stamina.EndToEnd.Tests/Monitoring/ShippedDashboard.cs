using System.Text.Json;
using System.Text.RegularExpressions;

namespace Stamina.EndToEnd.Tests.Monitoring;

/// <summary>The dashboard JSON in deploy/grafana/dashboards, read as Grafana reads it: panels (also inside rows), their targets, variables.</summary>
sealed partial class ShippedDashboard
{
    ShippedDashboard(string path, JsonElement root)
    {
        Path = path;
        Root = root;
    }

    public string Path { get; }
    public JsonElement Root { get; }

    public static ShippedDashboard Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new ShippedDashboard(path, document.RootElement.Clone());
    }

    /// <summary>Every panel, rows included, and the panels collapsed inside rows.</summary>
    public IReadOnlyList<JsonElement> Panels =>
        [.. Root.GetProperty("panels").EnumerateArray().SelectMany(panel =>
            panel.TryGetProperty("panels", out var inner) ? inner.EnumerateArray().Prepend(panel) : [panel])];

    public IReadOnlyList<JsonElement> Variables =>
        Root.TryGetProperty("templating", out var templating) ? [.. templating.GetProperty("list").EnumerateArray()] : [];

    public IReadOnlyList<string> VariableNames => [.. Variables.Select(variable => variable.GetProperty("name").GetString()!)];

    /// <summary>Every target's <c>expr</c>, named by panel title and refId.</summary>
    public IReadOnlyList<ShippedQuery> Queries =>
        [.. Panels.Where(panel => panel.TryGetProperty("targets", out _)).SelectMany(panel => panel.GetProperty("targets").EnumerateArray()
            .Select(target => new ShippedQuery(
                $"{System.IO.Path.GetFileName(Path)} panel \"{panel.GetProperty("title").GetString()}\" target {target.GetProperty("refId").GetString()}",
                target.GetProperty("expr").GetString() ?? throw new InvalidOperationException("a target without expr"), IsCondition: false,
                target.TryGetProperty("legendFormat", out var legend) ? [.. LegendLabel().Matches(legend.GetString() ?? "").Select(match => match.Groups["label"].Value)] : [])))];

    /// <summary>The (metric, label) of each <c>label_values(metric, label)</c> variable, which Grafana answers from /api/v1/series.</summary>
    public IReadOnlyList<(string Variable, string Metric, string Label)> LabelValueVariables =>
        [.. Variables.Select(variable =>
        {
            var definition = variable.GetProperty("definition").GetString() ?? "";
            var match = LabelValues().Match(definition);
            return match.Success
                ? (variable.GetProperty("name").GetString()!, match.Groups["metric"].Value, match.Groups["label"].Value)
                : throw new InvalidOperationException($"variable {variable.GetProperty("name")} is not label_values(metric, label): {definition}");
        })];

    [GeneratedRegex(@"\{\{\s*(?<label>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex LegendLabel();

    [GeneratedRegex(@"^label_values\(\s*(?<metric>[A-Za-z_:][A-Za-z0-9_:]*)\s*,\s*(?<label>[A-Za-z_][A-Za-z0-9_]*)\s*\)$")]
    private static partial Regex LabelValues();
}
