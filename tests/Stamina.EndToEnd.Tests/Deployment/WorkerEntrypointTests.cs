using System.Diagnostics;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Deployment;

/// <summary>
/// deploy/docker/worker-entrypoint.sh, the worker image's entry point, run for real (sh, flock, real processes) with
/// a stand-in for the worker program: replicas of one compose service each become a different worker with its own
/// broker user and work directory, a killed replica's slot is taken again, and the worker keeps only its own secret.
/// </summary>
[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class WorkerEntrypointTests
{
    static string Script => Path.Combine(RepositoryRoot.Path, "deploy", "docker", "worker-entrypoint.sh");

    TemporaryDirectory directory = null!;
    readonly List<Process> replicas = [];

    [SetUp]
    public void SetUp()
    {
        directory = new TemporaryDirectory("entrypoint");
        // The stand-in worker writes what it was given, then lives on like a worker.
        var program = directory.Combine("fake-worker");
        File.WriteAllText(program, """
            #!/bin/sh
            { echo "name=$Stamina__Worker__Name"; echo "workdir=$Stamina__Worker__WorkDir"; echo "broker=$ConnectionStrings__RabbitMq";
              env | grep '^STAMINA_BROKER_' | sed 's/^/leftover=/'; echo "args=$*"; } > "$REPORT_DIR/$$.tmp"
            mv "$REPORT_DIR/$$.tmp" "$REPORT_DIR/$$.report"
            exec sleep 60
            """);
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(directory.Combine("reports"));
    }

    [TearDown]
    public void TearDown()
    {
        foreach (var replica in replicas)
        {
            if (!replica.HasExited)
                replica.Kill(entireProcessTree: true);
            replica.WaitForExit();
            replica.Dispose();
        }
        replicas.Clear();
        directory.Dispose();
    }

    Process Start(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add("--urls=http://0.0.0.0:9464");
        start.Environment["STAMINA_WORKER_PROGRAM"] = directory.Combine("fake-worker");
        start.Environment["STAMINA_WORKERS_DIR"] = directory.Combine("workers");
        start.Environment["REPORT_DIR"] = directory.Combine("reports");
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("sh did not start");
        replicas.Add(process);
        return process;
    }

    static readonly Dictionary<string, string> TwoSlots = new()
    {
        ["STAMINA_WORKER_NAMING"] = "slot",
        ["STAMINA_WORKER_SLOTS"] = "3",
        ["STAMINA_BROKER_WORKER_WORKER_1"] = "amqp://stamina-worker-worker-1:one@rabbitmq:5672/",
        ["STAMINA_BROKER_WORKER_WORKER_2"] = "amqp://stamina-worker-worker-2:two@rabbitmq:5672/",
        ["STAMINA_BROKER_WORKER_WORKER_3"] = "",
        ["STAMINA_BROKER_COORDINATOR"] = "amqp://stamina-coordinator:coordinator@rabbitmq:5672/",
    };

    async Task<Dictionary<string, string>> ReportOfAsync(Process replica)
    {
        var path = directory.Combine("reports", $"{replica.Id}.report");
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(path) || replica.HasExited), TimeSpan.FromSeconds(10), $"replica {replica.Id} starts its worker");
        if (!File.Exists(path))
            Assert.Fail($"the replica exited {replica.ExitCode}: {await replica.StandardError.ReadToEndAsync()}");
        return File.ReadAllLines(path).Select(l => l.Split('=', 2)).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => string.Join(";", g.Select(p => p[1])));
    }

    [Test]
    public async Task Scaled_replicas_become_different_workers_each_with_its_own_user_and_directory()
    {
        var accounts = new Dictionary<string, string>(TwoSlots) { ["Stamina__Accounts__main__claude"] = directory.Combine("accounts", "main", "claude") };
        var first = Start(accounts);
        var second = Start(accounts);
        var reports = new[] { await ReportOfAsync(first), await ReportOfAsync(second) };

        Assert.That(reports.Select(r => r["name"]), Is.EquivalentTo(new[] { "worker-1", "worker-2" }));
        foreach (var report in reports)
        {
            var name = report["name"];
            Assert.That(report["broker"], Does.StartWith($"amqp://stamina-worker-{name}:"), "each worker connects as its own broker user");
            Assert.That(report["workdir"], Is.EqualTo(directory.Combine("workers", name, "work")));
            Assert.That(report.ContainsKey("leftover"), Is.False, $"the worker's environment keeps other secrets: {report.GetValueOrDefault("leftover")}");
            Assert.That(report["args"], Is.EqualTo("--urls=http://0.0.0.0:9464"), "the arguments reach the worker");
        }
        Assert.That(Directory.Exists(directory.Combine("accounts", "main", "claude")), "the account's config directory is made on a fresh volume");
    }

    [Test]
    public async Task A_replica_past_the_users_made_stops_naming_what_to_do()
    {
        await ReportOfAsync(Start(TwoSlots));
        await ReportOfAsync(Start(TwoSlots));

        var third = Start(TwoSlots);
        Assert.That(third.WaitForExit(10_000), "the third replica should stop");

        Assert.That(third.ExitCode, Is.EqualTo(2));
        Assert.That(await third.StandardError.ReadToEndAsync(), Does.Contain("worker-1..worker-3").And.Contain("stamina broker users --worker worker-N"));
        Assert.That(Directory.GetFiles(directory.Combine("reports"), "*.report"), Has.Length.EqualTo(2), "no third worker ran");
    }

    [Test]
    public async Task A_killed_replicas_slot_is_taken_by_the_next_one()
    {
        var first = Start(TwoSlots);
        var name = (await ReportOfAsync(first))["name"];
        await ReportOfAsync(Start(TwoSlots));

        first.Kill(entireProcessTree: true); // kill -9: the kernel drops its lock
        await first.WaitForExitAsync();
        var next = Start(TwoSlots);

        Assert.That((await ReportOfAsync(next))["name"], Is.EqualTo(name));
    }

    [Test]
    public async Task A_pod_takes_its_host_name_and_its_own_user()
    {
        var host = File.ReadAllText("/proc/sys/kernel/hostname").Trim();
        var variable = "STAMINA_BROKER_WORKER_" + new string(host.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var replica = Start(new Dictionary<string, string> { ["STAMINA_WORKER_NAMING"] = "hostname", [variable] = "amqp://u:p@rabbitmq/", ["STAMINA_BROKER_WORKER_OTHER"] = "amqp://o:p@rabbitmq/" });

        var report = await ReportOfAsync(replica);

        Assert.That((report["name"], report["broker"], report.ContainsKey("leftover")), Is.EqualTo((host, "amqp://u:p@rabbitmq/", false)));
    }

    [Test]
    public async Task A_pod_without_a_user_stops_naming_the_user_to_make()
    {
        var host = File.ReadAllText("/proc/sys/kernel/hostname").Trim();
        var replica = Start(new Dictionary<string, string> { ["STAMINA_WORKER_NAMING"] = "hostname" });

        Assert.That(replica.WaitForExit(10_000));
        Assert.That(replica.ExitCode, Is.EqualTo(2));
        Assert.That(await replica.StandardError.ReadToEndAsync(), Does.Contain($"no broker user for worker '{host}'").And.Contain($"--worker {host}:POOL"));
    }

    [Test]
    public async Task An_unknown_naming_stops_naming_the_setting()
    {
        var replica = Start(new Dictionary<string, string> { ["STAMINA_WORKER_NAMING"] = "random" });

        Assert.That(replica.WaitForExit(10_000));
        Assert.That(replica.ExitCode, Is.EqualTo(2));
        Assert.That(await replica.StandardError.ReadToEndAsync(), Does.Contain("STAMINA_WORKER_NAMING must be slot or hostname, not 'random'"));
    }

    [Test]
    public async Task Without_a_naming_the_worker_runs_as_configured()
    {
        var replica = Start(new Dictionary<string, string> { ["Stamina__Worker__Name"] = "by-hand", ["ConnectionStrings__RabbitMq"] = "amqp://h:p@rabbitmq/" });

        var report = await ReportOfAsync(replica);

        Assert.That((report["name"], report["broker"]), Is.EqualTo(("by-hand", "amqp://h:p@rabbitmq/")));
    }
}
