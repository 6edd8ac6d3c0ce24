using System.Globalization;
using Stamina.Worker.Agents;

namespace Stamina.Worker.Tests.Agents;

[TestFixture]
public sealed class HarnessLaunchTests
{
    static readonly Guid SessionId = Guid.Parse("5f1c3a52-8d4e-4b7a-9c2f-1e2d3c4b5a69");

    static readonly AgentRequest FullRequest = new()
    {
        Prompt = "Fix the bug; don't `rm -rf /` $(whoami)",
        Model = "sonnet",
        MaxTurns = 30,
        MaxBudgetUsd = 2.5m,
        AppendSystemPrompt = "- Commit often.",
        SessionId = SessionId,
        ConfigDir = "/accounts/a1/claude",
    };

    [Test]
    public void Should_build_the_full_claude_command()
    {
        var settings = HarnessSettings.For("claude");
        settings.ExtraArguments.AddRange(["--bare"]);
        settings.PermissionMode = "acceptEdits";
        settings.AllowedTools.AddRange(["Bash(git *)", "Edit", "Read"]);
        settings.SkipPermissions = true;

        var launch = new ClaudeHarness().Build(FullRequest, settings);

        Assert.That(launch.Command, Is.EqualTo(new[]
        {
            "claude", "--bare", "-p", "--output-format", "stream-json", "--verbose",
            "--session-id", "5f1c3a52-8d4e-4b7a-9c2f-1e2d3c4b5a69",
            "--model", "sonnet", "--max-turns", "30", "--max-budget-usd", "2.5",
            "--append-system-prompt", "- Commit often.",
            "--permission-mode", "acceptEdits", "--dangerously-skip-permissions",
            "--allowedTools", "Bash(git *),Edit,Read",
        }));
        Assert.That(launch.StandardInput, Is.EqualTo(FullRequest.Prompt));
        Assert.That(launch.Environment, Is.EquivalentTo(new Dictionary<string, string?> { ["CLAUDE_CONFIG_DIR"] = "/accounts/a1/claude" }));
    }

    [Test]
    public void Should_build_a_minimal_claude_command_and_resume()
    {
        var settings = new HarnessSettings { Executable = "/opt/claude/bin/claude" };
        var request = new AgentRequest { Prompt = "p", SessionId = SessionId, ResumeSessionId = "0b7c2a9e-1111-4222-8333-944455556666" };

        var launch = new ClaudeHarness().Build(request, settings);

        Assert.That(launch.Command, Is.EqualTo(new[]
        {
            "/opt/claude/bin/claude", "-p", "--output-format", "stream-json", "--verbose",
            "--resume", "0b7c2a9e-1111-4222-8333-944455556666",
        }));
        Assert.That(launch.Environment, Is.Empty);
    }

    [Test]
    public void Should_write_decimals_in_the_invariant_culture()
    {
        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        commaCulture.NumberFormat.NumberGroupSeparator = ".";
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = commaCulture;
            Assert.That(1234.75m.ToString(CultureInfo.CurrentCulture), Is.EqualTo("1234,75"), "the culture really uses a comma");

            var launch = new ClaudeHarness().Build(FullRequest with { MaxBudgetUsd = 1234.75m }, new HarnessSettings());

            Assert.That(launch.Command, Does.Contain("1234.75"));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Test]
    public void Should_build_the_full_codex_command_with_instructions_leading_the_prompt()
    {
        var settings = HarnessSettings.For("codex");
        settings.ExtraArguments.AddRange(["-c", "model_reasoning_effort=\"high\""]);

        var launch = new CodexHarness().Build(FullRequest with { Model = "gpt-5-codex", ConfigDir = "/accounts/a1/codex" }, settings);

        Assert.That(launch.Command, Is.EqualTo(new[]
        {
            "codex", "-c", "model_reasoning_effort=\"high\"", "exec", "--json", "--skip-git-repo-check",
            "-s", "workspace-write", "-m", "gpt-5-codex", "-",
        }));
        Assert.That(launch.StandardInput, Is.EqualTo("- Commit often.\n\n" + FullRequest.Prompt));
        Assert.That(launch.Environment, Is.EquivalentTo(new Dictionary<string, string?> { ["CODEX_HOME"] = "/accounts/a1/codex" }));
    }

    [Test]
    public void Should_put_the_codex_sandbox_before_the_resume_subcommand()
    {
        var settings = new HarnessSettings { Sandbox = "danger-full-access" };
        var request = new AgentRequest { Prompt = "go on", Model = "gpt-5", ResumeSessionId = "019a8f2e-5c1d-7b3a-9e4f-2d6c8b0a1e3f" };

        var launch = new CodexHarness().Build(request, settings);

        Assert.That(launch.Command, Is.EqualTo(new[]
        {
            "codex", "exec", "-s", "danger-full-access", "resume", "019a8f2e-5c1d-7b3a-9e4f-2d6c8b0a1e3f",
            "--json", "--skip-git-repo-check", "-m", "gpt-5", "-",
        }));
        Assert.That(launch.StandardInput, Is.EqualTo("go on"));
    }

    [Test]
    public void Should_bypass_the_codex_sandbox_only_when_told()
    {
        var launch = new CodexHarness().Build(new AgentRequest { Prompt = "p" }, new HarnessSettings { SkipPermissions = true });

        Assert.That(launch.Command, Is.EqualTo(new[]
        {
            "codex", "exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", "-",
        }));
    }

    [Test]
    public void Should_build_the_full_gemini_command()
    {
        var settings = HarnessSettings.For("gemini");
        settings.SkipPermissions = true;

        var launch = new GeminiHarness().Build(FullRequest with { Model = "gemini-2.5-pro", ConfigDir = "/accounts/a1/gemini" }, settings);

        Assert.That(launch.Command, Is.EqualTo(new[]
        {
            "gemini", "--skip-trust", "-p", "Follow the task given on standard input.", "-o", "stream-json",
            "-m", "gemini-2.5-pro", "--yolo", "--session-id", "5f1c3a52-8d4e-4b7a-9c2f-1e2d3c4b5a69",
        }));
        Assert.That(launch.StandardInput, Is.EqualTo("- Commit often.\n\n" + FullRequest.Prompt));
        Assert.That(launch.Environment, Is.EquivalentTo(new Dictionary<string, string?> { ["GEMINI_CLI_HOME"] = "/accounts/a1/gemini" }));
    }

    [Test]
    public void Should_resume_gemini_with_an_approval_mode()
    {
        var settings = new HarnessSettings { PermissionMode = "auto_edit" };

        var launch = new GeminiHarness().Build(new AgentRequest { Prompt = "p", ResumeSessionId = "3c9e7a51-2f4b-4d8e-a6c0-9b1d5e7f3a2c" }, settings);

        Assert.That(launch.Command, Is.EqualTo(new[]
        {
            "gemini", "--skip-trust", "-p", "Follow the task given on standard input.", "-o", "stream-json",
            "--approval-mode", "auto_edit", "--resume", "3c9e7a51-2f4b-4d8e-a6c0-9b1d5e7f3a2c",
        }));
    }

    [Test]
    public void Should_never_put_the_prompt_in_argv()
    {
        var request = FullRequest with { Prompt = "UNIQUE-PROMPT-TEXT" };
        foreach (var harness in AgentHarnesses.All)
        {
            var launch = harness.Build(request, harness.DefaultSettings());

            Assert.That(launch.Command.Any(argument => argument.Contains("UNIQUE-PROMPT-TEXT", StringComparison.Ordinal)), Is.False, harness.Name);
            Assert.That(launch.StandardInput, Does.Contain("UNIQUE-PROMPT-TEXT"), harness.Name);
        }
    }

    [Test]
    public void Should_say_which_limits_each_cli_enforces()
    {
        var enforced = AgentHarnesses.All.ToDictionary(harness => harness.Name, harness => (harness.EnforcesMaxTurns, harness.EnforcesMaxBudget));

        Assert.That(enforced, Is.EquivalentTo(new Dictionary<string, (bool, bool)>
        {
            ["claude"] = (true, true),
            ["codex"] = (false, false),
            ["gemini"] = (false, false),
        }));
    }

    [Test]
    public void Should_say_which_cli_needs_a_login_check_and_which_files_sessions_by_directory()
    {
        var traits = AgentHarnesses.All.ToDictionary(harness => harness.Name,
            harness => (string.Join(' ', harness.LoginCheckArguments ?? []), harness.SessionsFiledByDirectory));

        Assert.That(traits, Is.EquivalentTo(new Dictionary<string, (string, bool)>
        {
            ["claude"] = ("", true),
            ["codex"] = ("login status", false),
            ["gemini"] = ("", false),
        }));
    }
}
