using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Monitoring;

/// <summary>The shipped Prometheus configuration pointed at a test's fleet: only the targets and intervals change.</summary>
[TestFixture]
public sealed class FleetScrapeConfigTests
{
    static readonly Dictionary<string, IReadOnlyList<string>> Targets = new()
    {
        ["stamina-coordinator"] = ["127.0.0.1:1001"],
        ["stamina-workers"] = ["127.0.0.1:1002", "127.0.0.1:1003"],
        ["rabbitmq"] = ["127.0.0.1:15692"],
    };

    [Test]
    public void The_rewritten_config_Should_keep_the_jobs_discovery_and_relabelling_with_the_fleet_targets()
    {
        using var directory = new TemporaryDirectory();

        var text = File.ReadAllText(FleetScrapeConfig.Write(DeployFiles.PrometheusConfig, Targets, directory.Path));

        Assert.That(text, Does.Contain("127.0.0.1:1001").And.Contain("127.0.0.1:15692").And.Not.Contain(".example"));
        Assert.That(text, Does.Contain("scrape_interval: 1s").And.Contain("relabel_configs").And.Contain("file_sd_configs"));
        Assert.That(text, Does.Contain(DeployFiles.AlertRules), "the shipped rule file, by absolute path");
        var workers = File.ReadAllText(Path.Combine(directory.Path, "stamina-workers.targets.yml"));
        Assert.That(workers, Does.Contain("127.0.0.1:1002").And.Contain("127.0.0.1:1003"));
    }

    [Test]
    public void A_shipped_job_without_test_targets_Should_be_refused_naming_it()
    {
        using var directory = new TemporaryDirectory();
        var missing = Targets.Where(pair => pair.Key != "rabbitmq").ToDictionary();

        Assert.That(() => FleetScrapeConfig.Write(DeployFiles.PrometheusConfig, missing, directory.Path),
            Throws.InvalidOperationException.With.Message.Contains("job rabbitmq"));
        Assert.That(Directory.GetFiles(directory.Path), Is.Empty, "nothing half-written");
    }
}
