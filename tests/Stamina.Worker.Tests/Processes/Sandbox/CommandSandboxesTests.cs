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

    [TestCase("", "'' is not a host name")]
    [TestCase("https://api.example.com", "'https://api.example.com' is not a host name")]
    [TestCase("api.example.com/v1", "is not a host name")]
    [TestCase("*", "'*' must be the only entry")]
    [TestCase("none", "'none' must be the only entry")]
    [TestCase("api.example.com:0", "the port must be between 1 and 65535")]
    [TestCase("api.example.com:70000", "the port must be between 1 and 65535")]
    [TestCase("**.example.com", "is not a host name")]
    public void A_bad_network_entry_Should_be_refused_with_a_line_naming_it(string entry, string expected)
    {
        var settings = Settings(SandboxMode.Auto);
        settings.SandboxNetwork = entry is "*" or "none" ? [entry, "api.example.com"] : [entry];

        var error = Assert.Throws<ServiceConfigurationException>(() => CommandSandboxes.Start(settings))!;
        Assert.That(error.Message, Does.StartWith("Stamina:Worker:SandboxNetwork").And.Contain(expected).And.Not.Contain("\n"));
    }

    [Test]
    public async Task An_allow_list_Should_give_commands_a_proxy_and_agents_their_model_hosts_tooAsync()
    {
        Assume.That(SandboxProbe.Problem(BubblewrapCommand.DefaultProgram), Is.Null);
        var settings = Settings(SandboxMode.Required);
        settings.SandboxNetwork = ["Git.Example.com", "*.pkg.example.org:8443"];
        var proxies = new Stamina.Worker.Processes.Sandbox.Network.EgressProxies(scratch.Combine("sandbox"),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Stamina.Worker.Processes.Sandbox.Network.EgressProxy>.Instance);
        try
        {
            var sandboxes = CommandSandboxes.Start(settings).With(proxies);

            var command = sandboxes.For(scratch.Path, [], [])!;
            var claude = sandboxes.For(scratch.Path, [], [], "claude")!;
            Assert.That(command.HostNetwork, Is.False);
            Assert.That(command.ProxySocket, Is.Not.Null.And.Not.EqualTo(claude.ProxySocket), "one proxy per allow-list");
            Assert.That(sandboxes.For(scratch.Path, [], [], "command")!.ProxySocket, Is.EqualTo(command.ProxySocket));
        }
        finally
        {
            await proxies.DisposeAsync().AsTask();
        }
    }

    [TestCase(new string[0], null, false)]
    [TestCase(new string[0], "codex", true)]
    [TestCase(new[] { "none" }, "codex", false)]
    [TestCase(new[] { "*" }, "gemini", false)]
    public async Task The_network_rule_Should_be_as_documentedAsync(string[] setting, string? harness, bool proxied)
    {
        Assume.That(SandboxProbe.Problem(BubblewrapCommand.DefaultProgram), Is.Null);
        var settings = Settings(SandboxMode.Required);
        settings.SandboxNetwork = [.. setting];
        var proxies = new Stamina.Worker.Processes.Sandbox.Network.EgressProxies(scratch.Combine("sandbox"),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Stamina.Worker.Processes.Sandbox.Network.EgressProxy>.Instance);
        try
        {
            var sandbox = CommandSandboxes.Start(settings).With(proxies).For(scratch.Path, [], [], harness)!;

            Assert.That((sandbox.ProxySocket is not null, sandbox.HostNetwork), Is.EqualTo((proxied, setting is ["*"])));
        }
        finally
        {
            await proxies.DisposeAsync().AsTask();
        }
    }

    [Test]
    public void A_relative_readable_path_Should_be_refused()
    {
        var settings = Settings(SandboxMode.Auto);
        settings.SandboxReadOnlyPaths = ["agents/bin"];

        Assert.That(() => CommandSandboxes.Start(settings),
            Throws.TypeOf<ServiceConfigurationException>().With.Message.Contains("'agents/bin' is not an absolute path"));
    }

    [TestCase(null, 64L << 20, 64L << 20)]
    [TestCase(32L << 20, 64L << 20, 32L << 20)]
    [TestCase(128L << 20, 64L << 20, 64L << 20)]
    [TestCase(128L << 20, null, 128L << 20)]
    public void Where_no_cgroup_keeps_the_attempts_memory_limit_Should_limit_each_process_to_the_stricter_of_both(
        long? perProcess, long? fallback, long expected)
    {
        Assume.That(SandboxProbe.Problem(BubblewrapCommand.DefaultProgram), Is.Null);
        var settings = Settings(SandboxMode.Required);
        settings.CommandMemoryBytes = perProcess;

        var sandbox = CommandSandboxes.Start(settings, fallback is null ? null : new ResourceLimits { MemoryBytes = fallback }).For(scratch.Path, [], [])!;

        Assert.That(sandbox.Limits?.MemoryBytes, Is.EqualTo(expected));
    }

    [Test]
    public void Where_no_cgroup_keeps_the_attempts_memory_limit_Should_leave_agents_unlimited_as_node_cannot_start_under_RLIMIT_AS()
    {
        Assume.That(SandboxProbe.Problem(BubblewrapCommand.DefaultProgram), Is.Null);
        var settings = Settings(SandboxMode.Required);

        var sandbox = CommandSandboxes.Start(settings, new ResourceLimits { MemoryBytes = 64L << 20 }).For(scratch.Path, [], [], "claude")!;

        Assert.That(sandbox.Limits?.MemoryBytes, Is.Null);
    }
}
