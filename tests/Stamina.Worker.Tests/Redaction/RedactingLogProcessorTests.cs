using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using Stamina.ServiceDefaults.Redaction;

namespace Stamina.Worker.Tests.Redaction;

/// <summary>What goes out over OTLP is redacted: the line, the template's values and the exception.</summary>
[TestFixture]
public sealed class RedactingLogProcessorTests
{
    static readonly string GitHub = "ghp" + "_" + new string('C', 36);

    [Test]
    public void When_a_log_line_carries_a_secret_Should_export_it_nowhere()
    {
        var exported = new List<string>();
        using (var factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(options =>
        {
            options.IncludeFormattedMessage = true;
            options.AddProcessor(new RedactingLogProcessor(SecretRedactor.Default));
            options.AddProcessor(new Recorder(exported));
        })))
        {
            factory.CreateLogger("test").LogWarning(new InvalidOperationException($"push to https://x:{GitHub}@example.com failed"),
                "Push of {WorkItemId} failed: {Message}", Guid.Empty, $"token {GitHub}");
        }

        Assert.That(exported, Is.Not.Empty);
        Assert.That(exported, Has.None.Contains(GitHub));
        Assert.That(exported, Has.Some.Contains("[redacted:github-token]"));
        Assert.That(exported, Has.Some.Contains("exception.message=").And.Some.Contains("exception.stacktrace="), "the exception goes out as redacted text");
        Assert.That(exported, Has.Some.EqualTo($"WorkItemId={Guid.Empty}"), "values that are not text stay as they are");
    }

    /// <summary>Copies each record as text at once: records are pooled and reused after the processors ran.</summary>
    sealed class Recorder(List<string> texts) : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
            texts.Add(data.FormattedMessage ?? "");
            texts.Add(data.Exception?.ToString() ?? "");
            foreach (var (key, value) in data.Attributes ?? [])
                texts.Add($"{key}={value}");
        }
    }
}
