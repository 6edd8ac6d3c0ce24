using YamlDotNet.RepresentationModel;

namespace Stamina.EndToEnd.Tests.Monitoring;

/// <summary>
/// deploy/prometheus/prometheus.yml with its targets pointed at a test's fleet: the same jobs, paths, service
/// discovery kinds and relabelling, a 1 s scrape and evaluation interval, and the shipped rule files by absolute path.
/// A job the shipped file gains without a target here fails the test, so a new job cannot go untested.
/// </summary>
static class FleetScrapeConfig
{
    /// <summary>Writes the rewritten configuration (and its file_sd target files) into <paramref name="directory"/>.</summary>
    /// <param name="targets">host:port addresses per job_name of the shipped file.</param>
    /// <returns>The path of the configuration file.</returns>
    public static string Write(string shippedConfig, IReadOnlyDictionary<string, IReadOnlyList<string>> targets, string directory)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(shippedConfig))
            yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;

        var global = (YamlMappingNode)root["global"];
        global.Children[new YamlScalarNode("scrape_interval")] = new YamlScalarNode("1s");
        global.Children[new YamlScalarNode("evaluation_interval")] = new YamlScalarNode("1s");

        var shippedDirectory = Path.GetDirectoryName(Path.GetFullPath(shippedConfig))!;
        if (root.Children.TryGetValue("rule_files", out var ruleFiles))
        {
            root.Children[new YamlScalarNode("rule_files")] = new YamlSequenceNode(((YamlSequenceNode)ruleFiles)
                .Select(file => (YamlNode)new YamlScalarNode(Path.Combine(shippedDirectory, ((YamlScalarNode)file).Value!))));
        }

        var jobs = ((YamlSequenceNode)root["scrape_configs"]).Cast<YamlMappingNode>().ToList();
        // Checked before anything is written: a refused configuration leaves no target files behind.
        var untargeted = jobs.Select(job => ((YamlScalarNode)job["job_name"]).Value!).Where(name => !targets.ContainsKey(name)).ToList();
        if (untargeted.Count > 0)
            throw new InvalidOperationException($"{shippedConfig} has job {string.Join(", ", untargeted)}, which the test gives no targets: add them");
        foreach (var job in jobs)
        {
            var name = ((YamlScalarNode)job["job_name"]).Value!;
            var addresses = targets[name];
            if (job.Children.ContainsKey("static_configs"))
            {
                job.Children[new YamlScalarNode("static_configs")] = new YamlSequenceNode(new YamlMappingNode(
                    new YamlScalarNode("targets"), TargetList(addresses)));
            }

            if (job.Children.TryGetValue("file_sd_configs", out var fileSd))
            {
                var file = Path.Combine(directory, name + ".targets.yml");
                WriteTargetsFile(file, addresses);
                foreach (var discovery in ((YamlSequenceNode)fileSd).Cast<YamlMappingNode>())
                    discovery.Children[new YamlScalarNode("files")] = new YamlSequenceNode(new YamlScalarNode(file));
            }
        }

        var path = Path.Combine(directory, "prometheus.yml");
        using (var writer = new StreamWriter(path))
            yaml.Save(writer, assignAnchors: false);
        return path;
    }

    /// <summary>The file_sd format of deploy/prometheus/targets/workers.yml, without labels (so relabelling derives them).</summary>
    static void WriteTargetsFile(string file, IReadOnlyList<string> addresses)
    {
        var document = new YamlSequenceNode(new YamlMappingNode(new YamlScalarNode("targets"), TargetList(addresses)));
        using var writer = new StreamWriter(file);
        new YamlStream(new YamlDocument(document)).Save(writer, assignAnchors: false);
    }

    static YamlSequenceNode TargetList(IReadOnlyList<string> addresses) =>
        new(addresses.Select(address => (YamlNode)new YamlScalarNode(address)));
}
