using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Stamina.EndToEnd.Tests.Monitoring;

/// <summary>
/// Static checks of deploy/prometheus and deploy/grafana: promtool accepts them, and the dashboard has the shape Grafana
/// needs (every panel on the provisioned datasource, with targets, unique ids, on the grid without overlaps).
/// What the queries return is <see cref="PrometheusDashboardTests"/>' part.
/// </summary>
[TestFixture]
public sealed class MonitoringFilesTests
{
    [Test]
    public async Task Promtool_Should_accept_the_shipped_config_and_rules()
    {
        var (_, promtool) = PrometheusBinaries.RequireOrSkip();

        var config = await PromTool.RunAsync(promtool, "check", "config", DeployFiles.PrometheusConfig);
        var rules = await PromTool.RunAsync(promtool, "check", "rules", DeployFiles.AlertRules);

        Assert.That(config.ExitCode, Is.Zero, config.Output);
        Assert.That(rules.ExitCode, Is.Zero, rules.Output);
        Assert.That(rules.Output, Does.Contain($"SUCCESS: {ShippedRules.Load(DeployFiles.AlertRules).Count} rules found"));
    }

    [Test]
    public void Every_panel_Should_use_the_provisioned_datasource_and_have_targets_and_a_unique_id()
    {
        var datasource = ProvisionedDatasourceUid();
        var dashboard = ShippedDashboard.Load(DeployFiles.Dashboard);
        var panels = dashboard.Panels;

        Assert.That(dashboard.Root.GetProperty("uid").GetString(), Is.Not.Empty);
        Assert.That(panels.Select(panel => panel.GetProperty("id").GetInt32()), Is.Unique, "panel ids");
        foreach (var panel in panels.Where(panel => panel.GetProperty("type").GetString() != "row"))
        {
            var title = panel.GetProperty("title").GetString();
            Assert.That(title, Is.Not.Empty);
            Assert.That(panel.GetProperty("datasource").GetProperty("uid").GetString(), Is.EqualTo(datasource), $"panel {title}'s datasource");
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.That(targets, Is.Not.Empty, $"panel {title} has targets");
            Assert.That(targets.Select(target => target.GetProperty("refId").GetString()), Is.Unique, $"panel {title}'s refIds");
            foreach (var target in targets)
            {
                Assert.That(target.GetProperty("expr").GetString(), Is.Not.Empty, $"panel {title} target expr");
                Assert.That(target.GetProperty("datasource").GetProperty("uid").GetString(), Is.EqualTo(datasource), $"panel {title} target datasource");
            }
        }
        foreach (var variable in dashboard.Variables)
            Assert.That(variable.GetProperty("datasource").GetProperty("uid").GetString(), Is.EqualTo(datasource), $"variable {variable.GetProperty("name")}");
    }

    [Test]
    public void Panels_Should_lie_on_the_24_column_grid_without_overlapping()
    {
        var boxes = ShippedDashboard.Load(DeployFiles.Dashboard).Panels.Select(panel =>
        {
            var grid = panel.GetProperty("gridPos");
            return (Title: panel.GetProperty("title").GetString(), X: Get(grid, "x"), Y: Get(grid, "y"), W: Get(grid, "w"), H: Get(grid, "h"));
        }).ToList();

        foreach (var box in boxes)
            Assert.That(box.X >= 0 && box.W > 0 && box.H > 0 && box.X + box.W <= 24, Is.True, $"panel {box.Title} at {box}");
        var overlaps = from i in Enumerable.Range(0, boxes.Count)
                       from j in Enumerable.Range(i + 1, boxes.Count - i - 1)
                       let a = boxes[i]
                       let b = boxes[j]
                       where a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H
                       select $"{a.Title} / {b.Title}";
        Assert.That(overlaps, Is.Empty);
    }

    [Test]
    public void Every_dashboard_query_Should_use_only_known_variables()
    {
        var dashboard = ShippedDashboard.Load(DeployFiles.Dashboard);
        Assert.That(dashboard.Queries, Is.Not.Empty);
        foreach (var query in dashboard.Queries)
            Assert.That(() => PromQlForms.ExpandGrafanaVariables(query.Expression, dashboard.VariableNames), Throws.Nothing, query.ToString());
        Assert.That(dashboard.LabelValueVariables.Select(variable => variable.Variable), Is.EquivalentTo(dashboard.VariableNames));
    }

    [Test]
    public void The_dashboard_provider_Should_be_a_file_provider()
    {
        var provider = (YamlMappingNode)((YamlSequenceNode)LoadYaml(DeployFiles.GrafanaDashboardProvider)["providers"]).Single();
        Assert.That(((YamlScalarNode)provider["type"]).Value, Is.EqualTo("file"));
        Assert.That(((YamlScalarNode)((YamlMappingNode)provider["options"])["path"]).Value, Is.Not.Empty);
    }

    static string ProvisionedDatasourceUid()
    {
        var datasource = (YamlMappingNode)((YamlSequenceNode)LoadYaml(DeployFiles.GrafanaDatasources)["datasources"]).Single();
        Assert.That(((YamlScalarNode)datasource["type"]).Value, Is.EqualTo("prometheus"));
        return ((YamlScalarNode)datasource["uid"]).Value!;
    }

    static YamlMappingNode LoadYaml(string path)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    static int Get(JsonElement grid, string name) => grid.GetProperty(name).GetInt32();
}
