using NUnit.Framework.Interfaces;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.EndToEnd.Tests.Infrastructure.Otlp;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// One item, one trace: from the HTTP submit through the dispatcher's polling loop and the broker to the worker's
/// claim, worktree, agent run and push, and back to the accepted result, exported over OTLP/HTTP to a receiver of
/// the test's own, with the processes' logs.
/// </summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class TraceTests(FleetMode mode)
{
    const string CoordinatorService = "stamina-coordinator";
    const string WorkerService = "stamina-worker";

    static readonly string[] CoordinatorSpans = ["stamina.submit", "stamina.dispatch", "stamina.result"];
    static readonly string[] WorkerSpans = ["stamina.claim", "stamina.worktree", "stamina.agent", "stamina.push"];

    OtlpReceiver receiver = null!;
    Fleet? fleet;

    [SetUp]
    public async Task Start()
    {
        receiver = new OtlpReceiver();
        fleet = await Fleet.StartAsync(new FleetOptions
        {
            Mode = mode,
            Workers = mode == FleetMode.Local ? 1 : 0,
            CoordinatorSettings = receiver.Environment(),
        });
        if (mode == FleetMode.Processes)
            await fleet.StartWorkerAsync("w1", settings: receiver.Environment());
    }

    [TearDown]
    public async Task Stop()
    {
        if (fleet is not null)
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
                fleet.WriteLogs(TestContext.Out);
            await fleet.DisposeAsync();
        }
        await receiver.DisposeAsync();
    }

    [Test]
    public async Task When_an_item_runs_Should_be_one_trace_from_submit_to_accepted_result()
    {
        var item = await fleet!.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            baseRef = "main",
            prompt = "traced",
            command = new[] { "sh", "-c", "echo traced > traced.txt" },
        });
        await fleet.WaitForStateAsync(item.Id(), "Succeeded", TimeSpan.FromMinutes(1));

        IReadOnlyList<OtlpSpan> trace = [];
        await WithTraceOnTimeoutAsync(() => Eventually.UntilAsync(() =>
        {
            trace = TraceOfTheSubmit();
            // Complete: every span named, every parent arrived (a consume span is exported only once its message is done).
            var ids = trace.Select(s => s.SpanId).ToHashSet();
            return Task.FromResult(CoordinatorSpans.Concat(WorkerSpans).All(name => trace.Any(s => s.Name == name))
                && trace.Count(s => !ids.Contains(s.ParentSpanId)) == 1);
        }, TimeSpan.FromSeconds(30), "every Stamina span in the submit's trace, with every parent"));

        Assert.That(receiver.Spans.Count(s => s.Name == "stamina.submit"), Is.EqualTo(1), "one submit, one trace");
        var byId = trace.ToDictionary(s => s.SpanId);
        var submit = trace.Single(s => s.Name == "stamina.submit");
        Assert.That(byId.TryGetValue(submit.ParentSpanId, out var request) ? request.Service : null, Is.EqualTo(CoordinatorService),
            "the submit's span is under ASP.NET Core's request span");
        var dispatches = trace.Where(s => s.Name == "stamina.dispatch").ToList();
        Assert.That(dispatches.Select(d => d.ParentSpanId), Is.All.EqualTo(submit.SpanId), "the dispatcher continues the context stored at submit");
        foreach (var name in WorkerSpans.Append("stamina.result"))
        {
            var span = trace.First(s => s.Name == name);
            Assert.That(Ancestors(span, byId).Intersect(dispatches.Select(d => d.SpanId)), Is.Not.Empty,
                $"{name} descends from a dispatch span; the trace:\n{string.Join('\n', trace)}");
        }
        var expectedWorker = mode == FleetMode.Processes ? WorkerService : CoordinatorService;
        Assert.Multiple(() =>
        {
            foreach (var name in CoordinatorSpans)
                Assert.That(trace.Where(s => s.Name == name).Select(s => s.Service), Is.All.EqualTo(CoordinatorService), name);
            foreach (var name in WorkerSpans)
                Assert.That(trace.Where(s => s.Name == name).Select(s => s.Service), Is.All.EqualTo(expectedWorker), name);
        });

        // Logs went out too, and a worker's line about the item carries the item's trace.
        await Eventually.UntilAsync(() => Task.FromResult(
            receiver.Logs.Any(l => l.Service == expectedWorker && l.TraceId == submit.TraceId && l.Body.Contains(item.Id().ToString(), StringComparison.Ordinal))
            && receiver.Logs.Any(l => l.Service == CoordinatorService)),
            TimeSpan.FromSeconds(30), "log records from both services, one in the item's trace");
        Assert.That(receiver.Refused, Is.Empty, "every export was well-formed OTLP/HTTP protobuf");
    }

    /// <summary>A timeout names what did arrive: the submit's trace as far as it got, and every span name seen.</summary>
    async Task WithTraceOnTimeoutAsync(Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException exception)
        {
            Assert.Fail($"{exception.Message}\nThe submit's trace:\n{string.Join('\n', TraceOfTheSubmit())}\n" +
                $"Every span name received: {string.Join(", ", receiver.Spans.Select(s => s.Name).Distinct())}");
        }
    }

    IReadOnlyList<OtlpSpan> TraceOfTheSubmit()
    {
        var spans = receiver.Spans;
        return spans.FirstOrDefault(s => s.Name == "stamina.submit") is { } submit ? [.. spans.Where(s => s.TraceId == submit.TraceId)] : [];
    }

    static IEnumerable<string> Ancestors(OtlpSpan span, Dictionary<string, OtlpSpan> byId)
    {
        var seen = new HashSet<string>();
        var parent = span.ParentSpanId;
        while (parent.Length > 0 && seen.Add(parent))
        {
            yield return parent;
            parent = byId.TryGetValue(parent, out var next) ? next.ParentSpanId : "";
        }
    }
}
