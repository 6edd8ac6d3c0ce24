using System.Text.RegularExpressions;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;
using YamlDotNet.RepresentationModel;

namespace Stamina.EndToEnd.Tests.Deployment;

/// <summary>
/// docker-compose.yml, its Prometheus configuration and the Dockerfiles, offline (no Docker engine here): Debian's
/// docker-compose validates the file with the variables of .env.example filled in, promtool the Prometheus config.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public partial class ComposeAndImageTests
{
    static string ComposeFile => Path.Combine(RepositoryRoot.Path, "docker-compose.yml");

    /// <summary>.env.example with every empty value filled in: what a user's .env looks like.</summary>
    static string FilledEnvironment(TemporaryDirectory directory, params string[] leaveEmpty)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".env.example"))
            .Select(line => EmptyAssignment().Match(line) is { Success: true } m && !leaveEmpty.Contains(m.Groups[1].Value) ? $"{line}test-{m.Groups[1].Value.ToLowerInvariant()}" : line)
            .Append("STAMINA_BROKER_COORDINATOR=amqp://stamina-coordinator:secret@rabbitmq:5672/");
        var path = directory.Combine(".env");
        File.WriteAllLines(path, lines);
        return path;
    }

    static Task<(int ExitCode, string Output)> ComposeConfigAsync(string envFile, params string[] more) =>
        DeployTool.RunAsync("docker-compose", ["--env-file", envFile, "-f", ComposeFile, "config", .. more], workingDirectory: RepositoryRoot.Path);

    [Test]
    public async Task Compose_file_is_valid_with_the_variables_of_env_example()
    {
        using var directory = new TemporaryDirectory("compose");
        var (exitCode, output) = await ComposeConfigAsync(FilledEnvironment(directory), "-q");
        Assert.That(exitCode, Is.EqualTo(0), output);
    }

    [Test]
    public async Task Compose_refuses_to_start_without_a_secret_naming_it()
    {
        using var directory = new TemporaryDirectory("compose");
        var (exitCode, output) = await ComposeConfigAsync(FilledEnvironment(directory, "STAMINA_API_KEY"), "-q");
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.EqualTo(0), output);
            Assert.That(output, Does.Contain("set STAMINA_API_KEY"));
        });
    }

    [Test]
    public async Task Compose_stack_is_complete_healthchecked_pinned_and_scalable()
    {
        using var directory = new TemporaryDirectory("compose");
        var (exitCode, output) = await ComposeConfigAsync(FilledEnvironment(directory));
        Assert.That(exitCode, Is.EqualTo(0), output);
        var stream = new YamlStream();
        stream.Load(new StringReader(output));
        var services = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"];
        var names = services.Children.Keys.Select(k => k.ToString()).ToList();
        Assert.That(names, Is.SupersetOf(new[] { "rabbitmq", "postgres", "coordinator", "worker", "prometheus", "grafana" }));
        var problems = new List<string>();
        foreach (var (key, value) in services.Children)
        {
            var service = (YamlMappingNode)value;
            var name = key.ToString();
            if (!service.Children.ContainsKey("healthcheck"))
                problems.Add($"{name}: no healthcheck");
            if (service.Children.TryGetValue("image", out var image) && !service.Children.ContainsKey("build") && !ManifestRules.IsPinned(image.ToString()))
                problems.Add($"{name}: image {image} is not pinned");
            if (service.Children.TryGetValue("depends_on", out var dependsOn))
            {
                foreach (var (dependency, condition) in ((YamlMappingNode)dependsOn).Children)
                {
                    if (((YamlMappingNode)condition)["condition"].ToString() != "service_healthy")
                        problems.Add($"{name}: depends on {dependency} without condition service_healthy");
                }
            }
        }
        var worker = (YamlMappingNode)services["worker"];
        var environment = ((YamlMappingNode)worker["environment"]).Children.ToDictionary(p => p.Key.ToString(), p => p.Value.ToString());
        // A fixed name or work directory would be shared by every replica of --scale worker=N.
        if (environment.ContainsKey("Stamina__Worker__Name") || environment.ContainsKey("Stamina__Worker__WorkDir"))
            problems.Add("worker: a fixed Stamina__Worker__Name or WorkDir; each replica must pick its own (STAMINA_WORKER_NAMING=slot)");
        if (environment.GetValueOrDefault("STAMINA_WORKER_NAMING") != "slot")
            problems.Add("worker: STAMINA_WORKER_NAMING is not slot");
        if (worker.Children.ContainsKey("container_name") || worker.Children.ContainsKey("hostname"))
            problems.Add("worker: container_name or hostname stops --scale");
        Assert.That(problems, Is.Empty, string.Join("\n", problems));
    }

    [Test]
    public void Env_file_is_ignored_by_git_and_only_the_example_is_committed()
    {
        var ignore = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".gitignore"));
        Assert.That(ignore, Does.Contain("/.env"));
        Assert.That(File.ReadAllText(Path.Combine(RepositoryRoot.Path, ".env.example")), Does.Not.Match("(?m)^[A-Z_]*(PASSWORD|KEY)=.+$"), "no secret values in .env.example");
    }

    [Test]
    public async Task Compose_prometheus_config_passes_promtool()
    {
        using var directory = new TemporaryDirectory("promtool");
        // Mounted side by side in the container, as docker-compose.yml does.
        File.Copy(Path.Combine(RepositoryRoot.Path, "deploy", "prometheus", "compose", "prometheus.yml"), directory.Combine("prometheus.yml"));
        File.Copy(Path.Combine(RepositoryRoot.Path, "deploy", "prometheus", "alerts.yml"), directory.Combine("alerts.yml"));
        var (exitCode, output) = await DeployTool.RunAsync("promtool", ["check", "config", directory.Combine("prometheus.yml")]);
        Assert.That(exitCode, Is.EqualTo(0), output);
    }

    [TestCase("src/Coordinator/Dockerfile")]
    [TestCase("src/Worker/Dockerfile")]
    public void Dockerfile_is_multi_stage_pinned_and_runs_as_non_root(string path)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, path)).Select(l => l.Trim()).ToList();
        var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToList();
        Assert.That(froms, Has.Count.GreaterThanOrEqualTo(2), $"{path}: not multi-stage");
        Assert.That(froms.Where(f => !ManifestRules.IsPinned(f)), Is.Empty, $"{path}: FROM images must be pinned to a version or digest");
        var lastStage = lines.Skip(lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal))).ToList();
        var user = lastStage.LastOrDefault(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.That(user, Is.Not.Null.And.Not.EqualTo("USER root").And.Not.EqualTo("USER 0"), $"{path}: the final stage must switch to a non-root USER");
        Assert.That(lastStage.Any(l => l.StartsWith("COPY --from=", StringComparison.Ordinal)), $"{path}: the final stage copies the build's output");
    }

    [Test]
    public void Worker_image_has_git_and_agent_clis_by_build_argument_and_no_account_baked_in()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "Worker", "Dockerfile"));
        Assert.That(text, Does.Contain("ARG AGENT_CLIS").And.Match("apt-get install[^\\n]* git "));
        Assert.That(text, Does.Not.Match("(?i)COPY[^\\n]*(\\.claude|\\.codex|\\.gemini|accounts)"), "account directories are mounted, never copied in");
    }

    /// <summary>compose interpolates the whole file even to start two services: scripts/services.sh must set every required variable.</summary>
    [Test]
    public void Services_script_sets_every_variable_compose_requires()
    {
        var required = RequiredVariable().Matches(File.ReadAllText(ComposeFile)).Select(m => m.Groups[1].Value).Distinct().ToList();
        var script = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "scripts", "services.sh"));
        var start = script[script.IndexOf("start_with_docker() {", StringComparison.Ordinal)..];
        start = start[..start.IndexOf("\n}", StringComparison.Ordinal)];

        Assert.That(required.Where(v => !start.Contains($"{v}=", StringComparison.Ordinal)), Is.Empty, "scripts/services.sh start_with_docker misses them");
    }

    [GeneratedRegex("\\$\\{([A-Z][A-Z0-9_]*):\\?")]
    private static partial Regex RequiredVariable();

    [GeneratedRegex("^([A-Z][A-Z0-9_]*)=$")]
    private static partial Regex EmptyAssignment();
}
