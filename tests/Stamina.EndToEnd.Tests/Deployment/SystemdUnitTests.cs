using System.Globalization;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Worker;

namespace Stamina.EndToEnd.Tests.Deployment;

/// <summary>deploy/systemd: the unit a worker machine runs, one instance per account (no systemd here to load it).</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class SystemdUnitTests
{
    static Dictionary<string, List<string>> Unit()
    {
        var settings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var section = "";
        foreach (var raw in File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "deploy", "systemd", "stamina-worker@.service")))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (line.StartsWith('['))
            {
                section = line.Trim('[', ']');
                continue;
            }
            var (key, value) = (line[..line.IndexOf('=')], line[(line.IndexOf('=') + 1)..]);
            settings.TryAdd($"{section}.{key}", []);
            settings[$"{section}.{key}"].Add(value);
        }
        return settings;
    }

    [Test]
    public void Unit_runs_stamina_worker_for_its_account_as_a_non_root_user()
    {
        var unit = Unit();
        Assert.Multiple(() =>
        {
            Assert.That(unit["Service.ExecStart"].Single(), Does.Match(@"/stamina worker .*--Stamina:Worker:Account=%i"));
            Assert.That(unit["Service.User"].Single(), Is.Not.EqualTo("root"));
            Assert.That(unit["Service.EnvironmentFile"].Single(), Does.Contain("%i"), "each account's secrets in its own file");
            Assert.That(unit["Install.WantedBy"].Single(), Is.EqualTo("multi-user.target"));
        });
    }

    [Test]
    public void Unit_waits_for_the_worker_to_release_its_item_before_killing_it()
    {
        var stop = TimeSpan.FromSeconds(int.Parse(Unit()["Service.TimeoutStopSec"].Single(), CultureInfo.InvariantCulture));
        var release = new WorkerSettings().DrainTimeout + TimeSpan.FromSeconds(30);
        Assert.That(stop, Is.GreaterThanOrEqualTo(release));
    }
}
