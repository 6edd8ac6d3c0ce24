using Stamina.Coordinator.Telemetry;

namespace Stamina.Coordinator.Tests.Telemetry;

/// <summary>The model label comes from an agent's own output: it stays a bounded set of name-like values.</summary>
public sealed class ModelLabelsTests
{
    [TestCase("claude-sonnet-4-5", "claude-sonnet-4-5")]
    [TestCase("gpt-5.1-codex", "gpt-5.1-codex")]
    [TestCase("gemini-2.5-pro", "gemini-2.5-pro")]
    [TestCase("claude-opus-4-1[1m]", "claude-opus-4-1[1m]")]
    [TestCase(null, "none")]
    [TestCase("", "none")]
    [TestCase("model with spaces", "other")]
    [TestCase("4efcb256-44cb-459d-aa32-12c37df82015\n", "other")]
    [TestCase("<script>", "other")]
    [TestCase("\u0000", "other")]
    public void When_a_model_is_reported_Should_keep_names_and_fold_anything_else(string? model, string label)
    {
        Assert.That(new ModelLabels().Of(model), Is.EqualTo(label));
    }

    [Test]
    public void When_an_agent_reports_endless_new_models_Should_fold_those_past_the_cap()
    {
        var models = new ModelLabels();
        var labels = Enumerable.Range(0, 500).Select(i => models.Of($"made-up-model-{i}")).ToList();

        Assert.That(labels.Distinct().Count(), Is.EqualTo(ModelLabels.MaxModels + 1), "the cap plus 'other'");
        Assert.That(labels[^1], Is.EqualTo("other"));
    }

    [Test]
    public void When_the_reported_text_is_too_long_Should_fold_it()
    {
        Assert.That(new ModelLabels().Of(new string('m', 200)), Is.EqualTo("other"));
    }
}
