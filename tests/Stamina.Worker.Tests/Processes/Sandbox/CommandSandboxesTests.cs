using Stamina.ServiceDefaults.Configuration;
using Stamina.Worker.Processes.Sandbox;

namespace Stamina.Worker.Tests.Processes.Sandbox;

/// <summary>Where the sandbox cannot work the worker says so loudly (auto) or refuses to start (required); never silently.</summary>
[TestFixture]
public sealed class CommandSandboxesTests
{
    ScratchDirectory scratch = null!;

    [SetUp]
    public void CreateScratch() => scratch = new ScratchDirectory();

    [TearDown]
    public void RemoveScratch() => scratch.Dispose();

    WorkerSettings Settings(SandboxMode mode, string program = BubblewrapCommand.DefaultProgram) =>
        new() { Name = "w", WorkDir = scratch.Path, Sandbox = mode, SandboxProgram = program };

    [Test]
    public void Where_bubblewrap_works_Should_sandbox_every_command_without_a_warning()
    {
        Assume.That(SandboxProbe.Problem(BubblewrapCommand.DefaultProgram), Is.Null);
        var sandboxes = CommandSandboxes.Start(Settings(SandboxMode.Auto));

        Assert.That((sandboxes.IsActive, sandboxes.Warning), Is.EqualTo((true, (string?)null)));
        Assert.That(sandboxes.For(scratch.Path, [], []), Is.Not.Null);
    }

    [Test]
    public void Auto_where_bubblewrap_is_missing_Should_run_unsandboxed_with_a_loud_warning_naming_the_problem()
    {
        var sandboxes = CommandSandboxes.Start(Settings(SandboxMode.Auto, "/nonexistent/bwrap"));

        Assert.That(sandboxes.IsActive, Is.False);
        Assert.That(sandboxes.Warning, Does.StartWith("WARNING: commands and agents run UNSANDBOXED").And.Contain("/nonexistent/bwrap is missing"));
        Assert.That(sandboxes.For(scratch.Path, [], []), Is.Null);
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Required_where_bubblewrap_fails_Should_refuse_to_start()
    {
        var fake = Path.Combine(scratch.Path, "bwrap");
        File.WriteAllText(fake, "#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var error = Assert.Throws<ServiceConfigurationException>(() => CommandSandboxes.Start(Settings(SandboxMode.Required, fake)))!;
        Assert.That(error.Message, Does.Contain("Stamina:Worker:Sandbox is required").And.Contain("setting up uid map: Permission denied"));
    }

    [Test]
    public void Off_Should_warn_too()
    {
        var sandboxes = CommandSandboxes.Start(Settings(SandboxMode.Off));

        Assert.That(sandboxes.IsActive, Is.False);
        Assert.That(sandboxes.Warning, Does.Contain("Sandbox is off").And.Contain("UNSANDBOXED"));
    }

    [TestCase("api.anthropic.com")]
    [TestCase("")]
    public void A_network_allow_list_of_hosts_Should_be_refused_rather_than_not_enforced(string host)
    {
        var settings = Settings(SandboxMode.Auto);
        settings.SandboxNetwork = [host];

        var error = Assert.Throws<ServiceConfigurationException>(() => CommandSandboxes.Start(settings))!;
        Assert.That(error.Message, Does.Contain("Stamina:Worker:SandboxNetwork"));
    }

    [Test]
    public void A_relative_readable_path_Should_be_refused()
    {
        var settings = Settings(SandboxMode.Auto);
        settings.SandboxReadOnlyPaths = ["agents/bin"];

        Assert.That(() => CommandSandboxes.Start(settings),
            Throws.TypeOf<ServiceConfigurationException>().With.Message.Contains("'agents/bin' is not an absolute path"));
    }
}
