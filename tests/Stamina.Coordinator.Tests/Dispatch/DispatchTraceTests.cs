using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Telemetry;
using Stamina.Coordinator.Tests.Infrastructure;
using Stamina.ServiceDefaults.Hosting;
using Stamina.ServiceDefaults.Messaging;
using Stamina.ServiceDefaults.Telemetry;

namespace Stamina.Coordinator.Tests.Dispatch;

/// <summary>
/// The item keeps the submit's trace context for the dispatcher, on either store; whatever is in the column,
/// the item is still dispatched.
/// </summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class DispatchTraceTests(string kind)
{
    readonly ConcurrentQueue<Activity> stopped = new();
    StoreHarness store = null!;
    ActivityListener listener = null!;

    [SetUp]
    public async Task Start()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StaminaActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        store = await StoreHarness.StartAsync(kind);
    }

    [TearDown]
    public async Task Stop()
    {
        await store.DisposeAsync();
        listener.Dispose();
    }

    [Test]
    public async Task When_submitted_Should_store_the_submits_context_and_the_dispatch_should_continue_it()
    {
        var id = await store.SubmitAsync();
        var submit = Span(StaminaActivities.Submit, id);
        Assert.That(await StoredAsync(id), Is.EqualTo(submit.Id), "the submit's own span is stored");

        Assert.That(await Dispatcher().DispatchOnceAsync(CancellationToken.None), Is.EqualTo(1));

        var dispatch = Span(StaminaActivities.Dispatch, id);
        Assert.That((dispatch.TraceId, dispatch.ParentSpanId, dispatch.Kind), Is.EqualTo((submit.TraceId, submit.SpanId, ActivityKind.Producer)));
        Assert.That(dispatch.GetTagItem(StaminaActivities.Attempt), Is.EqualTo(1));
    }

    [Test]
    public async Task When_an_attempt_fails_and_is_dispatched_again_Should_join_the_same_trace()
    {
        var id = await store.SubmitAsync();
        var submit = Span(StaminaActivities.Submit, id);
        await Dispatcher().DispatchOnceAsync(CancellationToken.None);
        var worker = new WorkerIdentity { Name = "w", Machine = "m", Pool = "default" };
        await store.ClaimAsync(id, 1, worker);
        await store.CompleteAsync(new CompleteAttempt { WorkItemId = id, Attempt = 1, Worker = worker.Name, Outcome = AttemptOutcome.Failed, ErrorClass = ErrorClasses.Exit });
        store.Clock.Advance(TimeSpan.FromHours(1));

        Assert.That(await Dispatcher().DispatchOnceAsync(CancellationToken.None), Is.EqualTo(1), "the retry is dispatched");

        var dispatches = stopped.Where(a => a.OperationName == StaminaActivities.Dispatch).ToList();
        Assert.That(dispatches.Select(d => d.GetTagItem(StaminaActivities.Attempt)), Is.EqualTo(new object[] { 1, 2 }));
        Assert.That(dispatches.Select(d => (d.TraceId, d.ParentSpanId)), Is.All.EqualTo((submit.TraceId, submit.SpanId)), "both under the one submit");
        Assert.That(Span(StaminaActivities.Result, id).GetTagItem(StaminaActivities.Outcome), Is.EqualTo(nameof(AttemptOutcome.Failed)));
    }

    [TestCase(null)]
    [TestCase("garbage")]
    [TestCase("00-00000000000000000000000000000000-0000000000000000-00")]
    [TestCase("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra")]
    public async Task When_the_stored_context_is_missing_or_malformed_Should_dispatch_in_a_new_trace(string? stored)
    {
        var id = await store.SubmitAsync();
        await using (var connection = await store.Database.OpenConnectionAsync(CancellationToken.None))
            await connection.ExecuteAsync("update work_items set trace_parent = @stored where id = @id", new { stored, id });

        Assert.That(await Dispatcher().DispatchOnceAsync(CancellationToken.None), Is.EqualTo(1));

        Assert.That(store.Bus.Sent.Select<ExecuteWorkItem>().Count(m => m.Context.Message.WorkItemId == id), Is.EqualTo(1), "the item was sent");
        var dispatch = Span(StaminaActivities.Dispatch, id);
        Assert.That((dispatch.ParentSpanId, dispatch.Parent), Is.EqualTo((default(ActivitySpanId), (Activity?)null)), "a new trace");
        Assert.That(dispatch.TraceId, Is.Not.EqualTo(Span(StaminaActivities.Submit, id).TraceId));
    }

    [Test]
    public async Task When_nothing_traces_the_submit_Should_store_no_context()
    {
        listener.Dispose();
        var id = await store.SubmitAsync();

        Assert.That(await StoredAsync(id), Is.Null);
        Assert.That(await Dispatcher().DispatchOnceAsync(CancellationToken.None), Is.EqualTo(1));
    }

    Dispatcher Dispatcher()
    {
        var watchdog = new BrokerWatchdog(new HostRestart(), new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), store.Clock,
            NullLogger<BrokerWatchdog>.Instance, TimeSpan.FromMinutes(1));
        return new Dispatcher(store.Database, store.Get<DispatchHolds>(), new InMemoryPoolQueues(store.Database, "default", 1), store.Bus.Bus, new DispatchWake(), Options.Create(new DispatchSettings()),
            store.Clock, store.Get<CoordinatorMetrics>(), watchdog, NullLogger<Dispatcher>.Instance);
    }

    Activity Span(string name, Guid id) =>
        stopped.Single(a => a.OperationName == name && Equals(a.GetTagItem(StaminaActivities.ItemId), id));

    async Task<string?> StoredAsync(Guid id)
    {
        await using var connection = await store.Database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string?>("select trace_parent from work_items where id = @id", new { id });
    }
}
