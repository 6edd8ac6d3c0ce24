using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Stamina.Contracts;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Telemetry;

namespace Stamina.Coordinator.Tests.Telemetry;

/// <summary>The token and cost counters as a scraper sees them: live from progress, labelled, never counted twice.</summary>
[TestFixture]
public sealed class CoordinatorMetricsTests
{
    ServiceProvider provider = null!;
    MeterListener listener = null!;
    readonly List<(string Instrument, double Value, Dictionary<string, string?> Tags)> measured = [];

    [SetUp]
    public void Listen()
    {
        provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == CoordinatorMetrics.MeterName)
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.Start();
    }

    void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (measured)
            measured.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString())));
    }

    [TearDown]
    public void Stop()
    {
        listener.Dispose();
        provider.Dispose();
    }

    static AgentProgress Progress(long input, long output, decimal cost) =>
        new() { Model = "claude-sonnet", InputTokens = input, OutputTokens = output, CacheReadTokens = input * 10, CostUsd = cost };

    [Test]
    public void When_progress_comes_before_the_completion_Should_count_live_and_total_the_final_usage_by_account_harness_and_model()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var metrics = new CoordinatorMetrics(provider.GetRequiredService<IMeterFactory>(), clock);
        var item = Guid.NewGuid();
        var facts = new AttemptFacts { Account = "acct-a", Harness = "claude", StartedAt = clock.GetUtcNow() };

        metrics.AgentProgress("default", item, 1, facts, Progress(100, 10, 0.01m));
        Assert.That(Sum("stamina.agent.tokens", "input"), Is.EqualTo(100), "counted live, before the attempt ends");

        var stored = facts with { InputTokens = 100, OutputTokens = 10, CacheReadTokens = 1000, CostUsd = 0.01m };
        metrics.AgentProgress("default", item, 1, stored, Progress(300, 40, 0.04m));
        clock.Advance(TimeSpan.FromSeconds(90));
        var final = Progress(350, 45, 0.05m);
        var ending = new AttemptEnding(AttemptOutcomes.Succeeded, clock.GetUtcNow()) { Progress = final };
        metrics.AttemptEnded("default", item, 1, ending, stored with { InputTokens = 300, OutputTokens = 40, CacheReadTokens = 3000, CostUsd = 0.04m });
        // The completion is delivered twice (a retried transaction): nothing more.
        metrics.AttemptEnded("default", item, 1, ending, stored with { InputTokens = 300, OutputTokens = 40, CacheReadTokens = 3000, CostUsd = 0.04m });

        Assert.That((Sum("stamina.agent.tokens", "input"), Sum("stamina.agent.tokens", "output"), Sum("stamina.agent.tokens", "cache_read")),
            Is.EqualTo((350d, 45d, 3500d)));
        Assert.That(Sum("stamina.agent.cost_usd"), Is.EqualTo(0.05).Within(1e-9));
        var tokenTags = measured.Where(m => m.Instrument == "stamina.agent.tokens").Select(m => m.Tags).ToList();
        Assert.That(tokenTags.Select(t => string.Join(',', t.Keys.Order())).Distinct(), Is.EqualTo(new[] { "account,harness,model,pool,type" }));
        Assert.That(tokenTags.All(t => t["account"] == "acct-a" && t["harness"] == "claude" && t["model"] == "claude-sonnet"), Is.True);
        var duration = measured.Where(m => m.Instrument == "stamina.attempt.duration").ToList();
        Assert.That(duration.Select(d => d.Value), Is.EqualTo(new[] { 90d, 90d }));
    }

    [Test]
    public void When_a_worker_reports_a_made_up_error_class_Should_label_it_other()
    {
        var metrics = new CoordinatorMetrics(provider.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        metrics.AttemptEnded("default", Guid.NewGuid(), 1, new AttemptEnding(AttemptOutcomes.Failed, DateTimeOffset.UtcNow, ErrorClass: Guid.NewGuid().ToString()), null);
        metrics.AttemptEnded("default", Guid.NewGuid(), 1, new AttemptEnding(AttemptOutcomes.Failed, DateTimeOffset.UtcNow, ErrorClass: ErrorClasses.Timeout), null);
        var classes = measured.Where(m => m.Instrument == "stamina.attempts.ended").Select(m => m.Tags["error_class"]);
        Assert.That(classes, Is.EqualTo(new[] { "other", "timeout" }));
    }

    double Sum(string instrument, string? type = null) =>
        measured.Where(m => m.Instrument == instrument && (type is null || m.Tags["type"] == type)).Sum(m => m.Value);
}
