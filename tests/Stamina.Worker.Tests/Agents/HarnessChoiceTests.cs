using Microsoft.Extensions.Configuration;
using Stamina.Contracts;
using Stamina.Worker.Agents;

namespace Stamina.Worker.Tests.Agents;

[TestFixture]
public sealed class HarnessChoiceTests
{
    [TestCase("claude", typeof(ClaudeHarness))]
    [TestCase("Codex", typeof(CodexHarness))]
    [TestCase(" gemini ", typeof(GeminiHarness))]
    public void Should_find_a_harness_by_name(string name, Type type)
    {
        Assert.That(AgentHarnesses.Find(name), Is.InstanceOf(type));
    }

    [TestCase("command")]
    [TestCase("aider")]
    [TestCase("")]
    [TestCase(null)]
    public void Should_find_no_harness_for_other_names(string? name)
    {
        Assert.That(AgentHarnesses.Find(name), Is.Null);
    }

    [TestCase(null, "junior", "sonnet")]
    [TestCase(null, "Senior", "sonnet")]
    [TestCase(null, "principal", "opus")]
    [TestCase("claude-opus-4-1", "junior", "claude-opus-4-1")]
    [TestCase(null, "intern", null)]
    [TestCase(null, null, null)]
    public void Should_resolve_the_claude_model(string? model, string? level, string? expected)
    {
        var options = new AgentOptions { Model = model, SkillLevel = level };

        Assert.That(ModelChoice.Resolve(options, HarnessSettings.For("claude")), Is.EqualTo(expected));
    }

    [Test]
    public void Should_have_no_default_models_for_codex_and_gemini()
    {
        var options = new AgentOptions { SkillLevel = "senior" };

        Assert.That(ModelChoice.Resolve(options, HarnessSettings.For("codex")), Is.Null);
        Assert.That(ModelChoice.Resolve(options, HarnessSettings.For("gemini")), Is.Null);
    }

    [Test]
    public void Should_keep_defaults_when_configuration_binds_over_them()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stamina:Harnesses:claude:Models:senior"] = "claude-sonnet-4-5",
            ["Stamina:Harnesses:claude:AllowedTools:0"] = "Edit",
            ["Stamina:Harnesses:claude:SkipPermissions"] = "true",
        }).Build();
        var settings = HarnessSettings.For("claude");

        configuration.GetSection(HarnessSettings.SectionFor("claude")).Bind(settings);

        Assert.That(settings.Executable, Is.EqualTo("claude"));
        Assert.That(settings.Models["junior"], Is.EqualTo("sonnet"));
        Assert.That(settings.Models["senior"], Is.EqualTo("claude-sonnet-4-5"));
        Assert.That(settings.AllowedTools, Is.EqualTo(new[] { "Edit" }));
        Assert.That(settings.SkipPermissions, Is.True);
        Assert.That(ModelChoice.Resolve(new AgentOptions { SkillLevel = "SENIOR" }, settings), Is.EqualTo("claude-sonnet-4-5"));
    }
}
