using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.Cli.Tests.Configuration;

/// <summary><c>stamina config check</c> against the real PostgreSQL and RabbitMQ of the test environment.</summary>
public class ConfigCheckCommandTests
{
    ConfigCheckFixture fixture = null!;

    [SetUp]
    public void CreateFixture() => fixture = new ConfigCheckFixture();

    [TearDown]
    public void DisposeFixture() => fixture.Dispose();

    static string Line(CliResult result, string name) =>
        result.Stdout.Split('\n').SingleOrDefault(l => l.Length > 5 && l[5..].StartsWith(name + ":", StringComparison.Ordinal))
        ?? throw new AssertionException($"no '{name}' check line:\n{result}");

    static string SettingRow(CliResult result, string key) =>
        result.Stdout.Split('\n').Single(l => l.StartsWith(key + " ", StringComparison.Ordinal));

    [Test]
    public async Task When_every_service_answers_Should_print_ok_lines_and_exit_0()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .On("GET", "/health/ready", 200, "Healthy", "text/plain")
            .On("GET", "/api/workers", 200, SampleJson.Workers);
        fixture.WriteConfig($"""
            Stamina:
              Url: {coordinator.Url.AbsoluteUri}
              ApiKey: {CliRunner.TestKey}
            """);

        var result = await fixture.RunAsync(ConfigCheckFixture.ServicesEnvironment());

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(Line(result, "config file"), Does.StartWith("ok   config file: " + fixture.ConfigFile));
        Assert.That(Line(result, "PostgreSQL"), Does.Match(@"^ok   PostgreSQL: 127\.0\.0\.1:\d+/stamina as stamina: PostgreSQL \d+"));
        Assert.That(Line(result, "RabbitMQ"), Does.Match(@"^ok   RabbitMQ: 127\.0\.0\.1:5672: RabbitMQ \d+\.\d+"));
        Assert.That(Line(result, "Coordinator"), Does.StartWith("ok   Coordinator: "));
        Assert.That(Line(result, "API key"), Does.StartWith("ok   API key: accepted"));
        Assert.That(coordinator.Requests.Single(r => r.Path == "/api/workers").Authorization, Is.EqualTo("Bearer " + CliRunner.TestKey));
        Assert.That(Line(result, "claude CLI"), Does.StartWith("warn claude CLI: not installed"), "no PATH in the test's environment");
        // Secrets masked, sources named.
        Assert.That(SettingRow(result, "ConnectionStrings:Postgres"), Does.Contain("Password=***").And.EndWith("environment"));
        Assert.That(SettingRow(result, "Stamina:ApiKey"), Does.Match(@"^Stamina:ApiKey\s+\*\*\*\s+file$"));
        Assert.That(SettingRow(result, "Stamina:Leases:LeaseIntervals"), Does.Match(@"\s3\s+default$"));
        Assert.That(result.Stdout, Does.Not.Contain(CliRunner.TestKey).And.Not.Contain(TestEnvironment.RabbitMqPassword));
    }

    [Test]
    public async Task When_the_passwords_are_wrong_Should_print_FAIL_lines_without_the_password_and_exit_1()
    {
        const string wrong = "not-the-password-4711";
        var environment = ConfigCheckFixture.ServicesEnvironment();
        environment["ConnectionStrings__Postgres"] = TestEnvironment.PostgresConnectionString + $";Password={wrong}";
        environment["ConnectionStrings__RabbitMq"] = new UriBuilder(TestEnvironment.RabbitMqUri) { Password = wrong }.Uri.AbsoluteUri;

        var result = await fixture.RunAsync(environment);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(Line(result, "PostgreSQL"), Does.StartWith("FAIL PostgreSQL: ").And.Contain("login refused").And.Contain("password authentication failed"));
        Assert.That(Line(result, "RabbitMQ"), Does.StartWith("FAIL RabbitMQ: ").And.Contain("login refused"));
        Assert.That(result.Stdout + result.Stderr, Does.Not.Contain(wrong));
        Assert.That(result.Stdout, Does.Contain("checks failed."));
    }

    [Test]
    public async Task When_the_ports_are_closed_Should_fail_fast_saying_so()
    {
        var port = LoopbackCoordinator.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = $"Host=127.0.0.1;Port={port};Database=stamina;Username=stamina;Password=x",
            ["ConnectionStrings__RabbitMq"] = $"amqp://stamina:x@127.0.0.1:{port}/",
            ["STAMINA_URL"] = $"http://127.0.0.1:{port}/",
        };
        var started = DateTimeOffset.UtcNow;

        var result = await fixture.RunAsync(environment);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(Line(result, "PostgreSQL"), Does.StartWith($"FAIL PostgreSQL: 127.0.0.1:{port}/stamina as stamina: ").And.Contain("refused"));
        Assert.That(Line(result, "RabbitMQ"), Does.StartWith($"FAIL RabbitMQ: 127.0.0.1:{port}: "));
        Assert.That(Line(result, "Coordinator"), Does.StartWith("FAIL Coordinator: ").And.Contain("cannot reach"),
            "a configured URL that does not answer is a failure");
        Assert.That(DateTimeOffset.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(15)), "each check has its own timeout");
    }

    [Test]
    public async Task When_the_broker_TLS_settings_are_bad_Should_fail_naming_the_setting_as_the_services_would()
    {
        var missingCa = Path.Combine(Path.GetTempPath(), $"stamina-no-ca-{Guid.NewGuid():N}.pem");
        var environment = ConfigCheckFixture.ServicesEnvironment();
        environment["ConnectionStrings__RabbitMq"] = "amqps://stamina:x@127.0.0.1/";
        environment["Stamina__RabbitMq__CaFile"] = missingCa;

        var missing = await fixture.RunAsync(environment);

        Assert.That(Line(missing, "RabbitMQ"), Does.StartWith("FAIL RabbitMQ: ").And.Contain("CaFile").And.Contain(missingCa));

        environment["ConnectionStrings__RabbitMq"] = TestEnvironment.RabbitMqUri.AbsoluteUri;
        using var authority = new TestCertificateAuthority();
        authority.WriteCertificate(missingCa);
        try
        {
            var plain = await fixture.RunAsync(environment);

            Assert.That(Line(plain, "RabbitMQ"), Does.StartWith("FAIL RabbitMQ: ").And.Contain("use amqps://"));
        }
        finally
        {
            File.Delete(missingCa);
        }
    }

    [Test]
    public async Task When_the_broker_is_amqps_without_a_port_Should_try_5671()
    {
        var environment = ConfigCheckFixture.ServicesEnvironment();
        environment["ConnectionStrings__RabbitMq"] = "amqps://stamina:x@127.0.0.1/";

        var result = await fixture.RunAsync(environment);

        Assert.That(Line(result, "RabbitMQ"), Does.StartWith("FAIL RabbitMQ: 127.0.0.1:5671: "), "nothing listens on 5671 here");
    }

    [Test]
    public async Task When_nothing_is_configured_Should_warn_and_exit_0()
    {
        var result = await fixture.RunAsync(new Dictionary<string, string>(), "--url", $"http://127.0.0.1:{LoopbackCoordinator.FreePort()}");

        Assert.That(Line(result, "config file"), Does.StartWith("warn config file: none found"));
        Assert.That(Line(result, "PostgreSQL"), Does.StartWith("warn PostgreSQL: not configured"));
        Assert.That(Line(result, "RabbitMQ"), Does.StartWith("warn RabbitMQ: not configured"));
        Assert.That(Line(result, "Coordinator"), Does.StartWith("FAIL"), "--url is explicit");
        Assert.That(SettingRow(result, "Stamina:Url"), Does.EndWith("command line"));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
    }

    [Test]
    public async Task When_the_coordinator_rejects_the_key_Should_say_so_and_exit_1()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .On("GET", "/health/ready", 200, "Healthy", "text/plain")
            .OnProblem("GET", "/api/workers", 401, "Unauthorized.");

        var result = await fixture.RunAsync(new Dictionary<string, string> { ["STAMINA_API_KEY"] = "wrong-key-123" },
            "--url", coordinator.Url.AbsoluteUri);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(Line(result, "Coordinator"), Does.StartWith("ok   Coordinator: "));
        Assert.That(Line(result, "API key"), Is.EqualTo("FAIL API key: API key rejected by the coordinator (HTTP 401)"));
        Assert.That(result.Stdout, Does.Not.Contain("wrong-key-123"));
        Assert.That(SettingRow(result, "Stamina:ApiKey"), Does.Match(@"\*\*\*\s+environment$"));
    }

    [Test]
    public async Task When_agent_executables_are_configured_Should_run_their_version_and_fail_a_missing_one()
    {
        var claude = fixture.WriteExecutable("fake-claude", "echo '2.1.332 (Claude Code)'");
        fixture.WriteExecutable("gemini", "echo 0.61.0");
        fixture.WriteExecutable("broken-codex", "echo 'boom' >&2; exit 3");
        fixture.WriteConfig($"""
            Stamina:
              Harnesses:
                claude:
                  Executable: {claude}
                codex:
                  Executable: ./bin/missing-codex
            """);
        var environment = new Dictionary<string, string> { ["PATH"] = fixture.BinDirectory };

        var result = await fixture.RunAsync(environment);

        Assert.That(Line(result, "claude CLI"), Is.EqualTo($"ok   claude CLI: {claude}: 2.1.332 (Claude Code)"));
        Assert.That(Line(result, "gemini CLI"), Is.EqualTo($"ok   gemini CLI: {Path.Combine(fixture.BinDirectory, "gemini")}: 0.61.0"),
            "found on PATH");
        Assert.That(Line(result, "codex CLI"),
            Is.EqualTo("FAIL codex CLI: './bin/missing-codex' (Stamina:Harnesses:codex:Executable) not found or not executable"));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());

        fixture.WriteConfig("Stamina:\n  Harnesses:\n    codex:\n      Executable: broken-codex\n");
        var broken = await fixture.RunAsync(environment);

        Assert.That(Line(broken, "codex CLI"), Does.EndWith("'--version' exited with 3: boom"));
        Assert.That(Line(broken, "claude CLI"), Does.StartWith("warn claude CLI: not installed"));
        Assert.That(broken.ExitCode, Is.EqualTo(1), broken.ToString());
    }

    [Test]
    public async Task When_version_hangs_Should_kill_it_after_the_timeout()
    {
        var hanging = fixture.WriteExecutable("claude", "exec sleep 30");
        var context = new CliContext { Out = TextWriter.Null, Error = TextWriter.Null, Environment = new Dictionary<string, string>() };
        var started = DateTimeOffset.UtcNow;

        var result = await Checks.AgentCliCheck.RunAsync("claude", hanging, context, TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.That(result, Is.EqualTo(Checks.CheckResult.Failed("claude CLI", $"{hanging}: '--version' did not finish within 0.3 s")));
        Assert.That(DateTimeOffset.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task When_accounts_are_configured_Should_check_each_config_directory()
    {
        Directory.CreateDirectory(Path.Combine(fixture.Root, "home", ".claude-alpha"));
        fixture.WriteConfig("""
            Stamina:
              Accounts:
                alpha:
                  claude: ~/.claude-alpha
                beta:
                  codex: ~/.codex-beta
            """);

        var result = await fixture.RunAsync(new Dictionary<string, string>());

        var home = Path.Combine(fixture.Root, "home");
        Assert.That(Line(result, "account alpha"), Is.EqualTo($"ok   account alpha: claude config dir {home}/.claude-alpha exists"));
        Assert.That(Line(result, "account beta"), Does.StartWith($"FAIL account beta: codex config dir {home}/.codex-beta does not exist"));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
    }

    [Test]
    public async Task When_the_file_is_bad_or_missing_Should_fail_naming_it_and_still_run_the_other_checks()
    {
        fixture.WriteConfig("Stamina:\n  Worker:\n    Pool: [night\n");

        var bad = await fixture.RunAsync(new Dictionary<string, string>());
        var missing = await fixture.RunAsync(new Dictionary<string, string>(), "--config", "/nowhere/stamina.yml");

        Assert.That(Line(bad, "config file"), Does.StartWith($"FAIL config file: {fixture.ConfigFile}:4:1: "));
        Assert.That(bad.ExitCode, Is.EqualTo(1), bad.ToString());
        Assert.That(Line(missing, "config file"), Is.EqualTo("FAIL config file: /nowhere/stamina.yml: configuration file not found"));
        Assert.That(Line(missing, "PostgreSQL"), Does.StartWith("warn"));
        Assert.That(missing.ExitCode, Is.EqualTo(1), missing.ToString());
    }

    [Test]
    public async Task When_a_key_is_in_the_file_and_the_environment_Should_show_the_environments_value_and_source()
    {
        var other = Path.Combine(fixture.Root, "other.yml");
        File.WriteAllText(other, "Stamina:\n  Worker:\n    Pool: from-file\n    Name: file-name\n");
        var environment = new Dictionary<string, string> { ["Stamina__Worker__Pool"] = "from-env", ["STAMINA_CONFIG"] = other };

        var result = await fixture.RunAsync(environment, "--json");

        using var json = JsonDocument.Parse(result.Stdout);
        var settings = json.RootElement.GetProperty("settings").EnumerateArray()
            .ToDictionary(s => s.GetProperty("key").GetString()!, s => (s.GetProperty("value").GetString(), s.GetProperty("source").GetString()));
        Assert.That(json.RootElement.GetProperty("configFile").GetString(), Is.EqualTo(other));
        Assert.That(settings["Stamina:Worker:Pool"], Is.EqualTo(("from-env", "environment")));
        Assert.That(settings["Stamina:Worker:Name"], Is.EqualTo(("file-name", "file")));
        Assert.That(settings["Stamina:Worker:DrainTimeout"], Is.EqualTo(("00:00:30", "default")));
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToList();
        Assert.That(checks.First().GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That(checks.Select(c => c.GetProperty("status").GetString()), Is.All.AnyOf("ok", "warn", "fail"));
    }

    [Test]
    public async Task When_stdout_is_a_terminal_Should_mark_checks_with_symbols()
    {
        fixture.WriteExecutable("claude", "echo 2.1.332");
        fixture.WriteConfig("Stamina:\n  Accounts:\n    beta:\n      codex: /nowhere\n");
        using var stdout = new StringWriter();
        var context = new CliContext
        {
            Out = stdout,
            Error = TextWriter.Null,
            OutputIsTerminal = true,
            Environment = new Dictionary<string, string> { ["TERM"] = "xterm-256color", ["NO_COLOR"] = "1", ["PATH"] = fixture.BinDirectory },
            WorkingDirectory = fixture.Root,
            HomeDirectory = Path.Combine(fixture.Root, "home"),
        };

        var exitCode = await StaminaCommandLine.InvokeAsync(["config", "check"], context);

        var lines = stdout.ToString().Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.That(lines, Has.One.StartsWith("✓ config file:"));
        Assert.That(lines, Has.One.StartsWith("✓ claude CLI:"));
        Assert.That(lines, Has.One.StartsWith("! codex CLI: not installed"));
        Assert.That(lines, Has.One.StartsWith("✗ account beta:"));
        Assert.That(exitCode, Is.EqualTo(1));
    }
}
