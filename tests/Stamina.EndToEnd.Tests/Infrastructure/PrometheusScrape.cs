using System.Text.RegularExpressions;

namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>A /metrics page in Prometheus's text format, read as a scraper reads it: types and samples with labels.</summary>
sealed partial class PrometheusScrape
{
    public string Text { get; }

    /// <summary>Metric family name to its <c># TYPE</c>.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<Sample> Samples { get; }

    public PrometheusScrape(string text)
    {
        Text = text;
        var types = new Dictionary<string, string>();
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
                continue;
            }
            if (line.StartsWith('#'))
                continue;
            var match = SampleLine().Match(line);
            if (!match.Success)
                throw new FormatException($"not a sample line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            samples.Add(new Sample(match.Groups["name"].Value, labels, Number(match.Groups["value"].Value)));
        }
        Types = types;
        Samples = samples;
    }

    /// <summary>The samples of one family: for a histogram, its <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series.</summary>
    public IEnumerable<Sample> Of(string family) => Samples.Where(s => s.Name == family
        || (Types.GetValueOrDefault(family) == "histogram" && s.Name is var n && (n == family + "_bucket" || n == family + "_sum" || n == family + "_count")));

    /// <summary>The label names a family's series carry, without the exporter's own (<c>otel_scope_*</c>) and a bucket's <c>le</c>.</summary>
    public IReadOnlyList<string> LabelSets(string family) => [.. Of(family)
        .Select(s => string.Join(',', s.Labels.Keys.Where(k => !k.StartsWith("otel_", StringComparison.Ordinal) && k != "le").Order(StringComparer.Ordinal)))
        .Distinct()];

    static double Number(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
    };

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
