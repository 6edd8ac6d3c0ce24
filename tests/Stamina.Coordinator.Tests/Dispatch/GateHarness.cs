using Dapper;
using MassTransit;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Items;
using Stamina.Coordinator.Telemetry;
using Stamina.Coordinator.Tests.Infrastructure;
using Stamina.ServiceDefaults.Hosting;
using Stamina.ServiceDefaults.Messaging;

namespace Stamina.Coordinator.Tests.Dispatch;

/// <summary>A store harness with the dispatcher on the in-memory pool queues of one pool, and helpers the gate tests share.</summary>
static class GateHarness
{
    public static Dispatcher Dispatcher(StoreHarness store, string pool = "default", int workers = 1, DispatchSettings? settings = null,
        IBus? bus = null)
    {
        var watchdog = new BrokerWatchdog(new HostRestart(), new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), store.Clock,
            NullLogger<BrokerWatchdog>.Instance, TimeSpan.FromMinutes(1));
        var options = Options.Create(settings ?? new DispatchSettings());
        return new Dispatcher(store.Database, store.Get<DispatchHolds>(), new InMemoryPoolQueues(store.Database, pool, workers), bus ?? store.Bus.Bus,
            new DispatchWake(), options, store.Clock, store.Get<CoordinatorMetrics>(), watchdog, NullLogger<Dispatcher>.Instance);
    }

    /// <summary>Items published under their next token and not claimed yet (what sits in the in-memory queue).</summary>
    public static async Task<List<Guid>> PublishedAsync(StoreHarness store)
    {
        await using var connection = await store.Database.OpenConnectionAsync(default);
        return [.. await connection.QueryAsync<Guid>("select id from work_items where state = 'Queued' and published_token = attempt + 1")];
    }

    public static async Task<WaitingReason?> WaitingAsync(StoreHarness store, Guid id) =>
        (await store.Get<ItemQueries>().GetAsync(id, default))!.Waiting;

    public static async Task<Response<ClaimGranted, ClaimRejected>> ClaimAsync(StoreHarness store, Guid id, WorkerIdentity worker, int attempt = 1) =>
        await store.Bus.GetRequestClient<ClaimWorkItem>().GetResponse<ClaimGranted, ClaimRejected>(
            new ClaimWorkItem { WorkItemId = id, Attempt = attempt, Worker = worker });

    public static WorkerIdentity Worker(string name = "w1", string? account = null, string pool = "default") =>
        new() { Name = name, Machine = "m", Pool = pool, Account = account };

    /// <summary>Ends attempt 1 as succeeded, with the agent's progress (its cost, or tokens to price).</summary>
    public static Task SucceedAsync(StoreHarness store, Guid id, string worker, AgentProgress progress, string? account = null) =>
        store.CompleteAsync(new CompleteAttempt
        {
            WorkItemId = id,
            Attempt = 1,
            Worker = worker,
            Account = account,
            Outcome = AttemptOutcome.Succeeded,
            Progress = progress,
            Result = new AttemptResult { Branch = "b", BaseCommit = "a", HeadCommit = "c" },
        });
}
