using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary><c>stamina broker users</c> with bad input: one line naming the problem, the documented exit code, no user made.</summary>
public sealed class BrokerUsersBadInputTests
{
    [TestCase("bad name:default", 2, "worker name")]
    [TestCase("w1:Night", 2, "pool name")]
    [TestCase("w1", 2, "NAME:POOL")]
    public async Task When_a_worker_is_named_badly_Should_say_which_part_and_make_nothing(string worker, int exitCode, string message)
    {
        var run = await CliRun.RunAsync(BrokerUsers.AdminEnvironment(), "broker", "users", "--worker", worker);
        Assert.That((run.ExitCode, run.Error), Is.EqualTo((exitCode, run.Error)));
        Assert.That(run.Error, Does.StartWith("stamina: ").And.Contain(message));
        Assert.That(run.Output, Is.Empty);
    }

    [Test]
    public async Task When_the_management_api_is_unreachable_Should_exit_3()
    {
        var environment = BrokerUsers.AdminEnvironment();
        environment["STAMINA_BROKER_MANAGEMENT_URL"] = "http://127.0.0.1:1";
        var run = await CliRun.RunAsync(environment, "broker", "users", "--worker", "w1:default");
        Assert.That(run.ExitCode, Is.EqualTo(3), run.Error);
        Assert.That(run.Error, Does.Contain("unreachable"));
    }

    [Test]
    public async Task When_the_admin_password_is_wrong_Should_exit_4_and_make_no_user()
    {
        var user = BrokerUsers.NewTag();
        var environment = BrokerUsers.AdminEnvironment();
        environment["STAMINA_BROKER_ADMIN_PASSWORD"] = "wrong";
        var run = await CliRun.RunAsync(environment, "broker", "users", "--worker", $"{user}:default");
        Assert.That(run.ExitCode, Is.EqualTo(4), run.Error);
        Assert.That(run.Error, Does.Contain("refused user"));
        Assert.That(await BrokerUsers.ExistsAsync($"stamina-worker-{user}"), Is.False);
    }

    [Test]
    public async Task When_the_vhost_does_not_exist_Should_exit_6_and_make_no_user()
    {
        var user = BrokerUsers.NewTag();
        var run = await CliRun.RunAsync(BrokerUsers.AdminEnvironment(), "broker", "users", "--worker", $"{user}:default",
            "--broker-url", $"amqp://127.0.0.1:5672/no-such-{user}");
        Assert.That(run.ExitCode, Is.EqualTo(6), run.Error);
        Assert.That(await BrokerUsers.ExistsAsync($"stamina-worker-{user}"), Is.False);
    }

    [Test]
    public async Task When_asked_to_change_the_admin_itself_Should_exit_7()
    {
        var run = await CliRun.RunAsync(BrokerUsers.AdminEnvironment(), "broker", "users", "--coordinator", TestEnvironment.RabbitMqUser);
        Assert.That(run.ExitCode, Is.EqualTo(7), run.Error);
        Assert.That(await BrokerUsers.ExistsAsync(TestEnvironment.RabbitMqUser), Is.True);
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task When_written_to_a_file_Should_be_readable_by_its_owner_only()
    {
        var tag = BrokerUsers.NewTag();
        await using var vhost = await TemporaryVirtualHost.CreateAsync();
        using var directory = new TemporaryDirectory();
        var file = Path.Combine(directory.Path, "broker.env");
        try
        {
            var run = await CliRun.RunAsync(BrokerUsers.AdminEnvironment(), "broker", "users", "--worker", $"{tag}:default",
                "--broker-url", BrokerUsers.BrokerUrl(vhost), "--out", file);
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(await File.ReadAllTextAsync(file), Does.Contain($"STAMINA_BROKER_WORKER_{tag.ToUpperInvariant()}=amqp://stamina-worker-{tag}:"));
            Assert.That(run.Output, Does.Not.Contain("amqp://"), "no password on stdout");
        }
        finally
        {
            await BrokerUsers.DeleteAsync($"stamina-worker-{tag}");
        }
    }
}
