using System.Globalization;
using System.Text;
using Dapper;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;
using Stamina.Testing.Fuzzing;

namespace Stamina.EndToEnd.Tests.Fuzzing;

/// <summary>
/// A bounded, seeded fuzz of every queue a real coordinator and worker consume, published with the broker's
/// credentials straight to the queues (the attacker holds them). Replay a failure with the seed it prints; run
/// longer with <c>STAMINA_FUZZ_ITERATIONS</c>.
/// </summary>
[TestFixture]
public sealed class BrokerMessageFuzzTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    [Test]
    public async Task When_queues_get_malformed_oversized_unknown_or_absurd_messages_Should_refuse_them_change_nothing_and_keep_working()
    {
        var run = FuzzRun.Start(defaultIterations: 40);
        var targets = await TargetsAsync();
        await using var database = new NpgsqlConnection(fleet.DatabaseConnectionString);
        await database.OpenAsync();
        var before = await CountRowsAsync(database);

        var deliveries = new FuzzDeliveries(run.Random, "w1").Plan(targets, run.Iterations).ToList();
        var unsent = await PublishAsync(deliveries);
        // The broker's counts lag: first wait for what must be parked, then for the queues to show empty. What a bus's
        // reply queue refuses is dropped by design (FuzzTarget.Parks): its queue draining is the proof.
        var refused = deliveries.Where(d => d.MustBeRefused && d.Target.Parks && !unsent.Contains(d.Case)).Select(d => d.Case).ToHashSet();
        var parked = new HashSet<int>();
        var held = new Dictionary<string, long>();
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                await TakeParkedCasesAsync(parked, held);
                return refused.All(c => parked.Contains(c) || IsHeld(c));
            }, TimeSpan.FromSeconds(45), "every refused delivery to be parked");
        }
        catch (TimeoutException exception)
        {
            // Reported case by case below; the last error, if any, says why the lookup failed.
            TestContext.Progress.WriteLine($"fuzz: {exception.Message}");
        }
        // A case for an exclusive parking queue counts as parked once that queue holds at least every refused one sent there.
        bool IsHeld(int number)
        {
            var queue = deliveries[number].Queue;
            return held.TryGetValue(queue, out var count) && count >= deliveries.Count(d => d.Queue == queue && refused.Contains(d.Case));
        }
        await Eventually.UntilAsync(async () =>
        {
            foreach (var target in targets)
            {
                if ((await fleet.VirtualHost.GetQueueAsync(target.Queue)) is { Messages: > 0 } or { MessagesUnacknowledged: > 0 })
                    return false;
            }

            return true;
        }, TimeSpan.FromSeconds(60), "every fuzzed queue to be drained");

        foreach (var delivery in deliveries.Where(d => refused.Contains(d.Case) && !parked.Contains(d.Case) && !IsHeld(d.Case)))
        {
            run.Fail(delivery.Case, held.ContainsKey(delivery.Queue)
                ? $"its queue's exclusive error and skipped queues hold {held[delivery.Queue]} messages, fewer than it was sent refused ones"
                : "taken by no error or skipped queue", delivery.Description);
        }

        foreach (var process in fleet.Workers.Append(fleet.Coordinator))
        {
            if (process.HasExited)
                run.Fail(-1, $"{process.Name} exited", "after the barrage");
            foreach (var line in process.Output.Where(IsCrash))
                run.Fail(-1, $"{process.Name} logged: {line}", "after the barrage");
        }
        var after = await CountRowsAsync(database);
        if (after != before)
            run.Fail(-1, $"rows changed from {before} to {after}", "after the barrage");
        run.AssertNoFailures();
        TestContext.Progress.WriteLine($"fuzz: {deliveries.Count} deliveries to {targets.Count} queues, {unsent.Count} refused by the broker, "
            + $"{parked.Count} parked, {deliveries.Count(d => d.MustBeRefused && !d.Target.Parks)} dropped by a bus's reply queue");

        var heard = DateTimeOffset.UtcNow;
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" } })).Id();
        await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(async () => (await fleet.WorkersAsync()).Any(w => w.GetProperty("name").GetString() == "w1"
            && w.GetProperty("state").GetString() != "offline" && w.GetProperty("lastSeenAt").GetDateTimeOffset() > heard),
            TimeSpan.FromSeconds(15), "w1 to heartbeat after the barrage");
        Assert.That(await CountRowsAsync(database), Is.Not.EqualTo(before), "the real item is stored");
    }

    /// <summary>Every queue the coordinator and the worker consume, found on the broker (temporary ones carry a run id).</summary>
    async Task<IReadOnlyList<FuzzTarget>> TargetsAsync()
    {
        string[] replies = ["ClaimGranted", "ClaimRejected", "LeaseLost", "CompletionRejected"];
        var fixedTargets = new Dictionary<string, string[]>
        {
            ["stamina.coordinator.work-items"] = ["ClaimWorkItem", "DeclineWorkItem", "RenewLease", "CompleteAttempt", "Commands.ExpireLease",
                "Commands.CancelWorkItem", "Commands.RetryWorkItem", "Commands.SubmitWorkItem"],
            ["stamina.coordinator.workers"] = ["WorkerHeartbeat", "WorkerStopped"],
            ["stamina.coordinator.worker-runs"] = ["RegisterWorker"],
            ["stamina.coordinator.transcripts"] = ["TranscriptChunk"],
            ["stamina.coordinator.prunes"] = ["AttemptBranchesPruned"],
            ["stamina.pool.default"] = ["ExecuteWorkItem"],
        };
        // The bus's own queues (replies) discard what they cannot consume; see FuzzTarget.
        string[] buses = ["stamina.coordinator.bus-", "stamina.worker.w1.bus-", "stamina.worker.w1.work-bus-"];
        var prefixed = new Dictionary<string, string[]>
        {
            [buses[0]] = replies,
            [buses[1]] = replies,
            [buses[2]] = replies,
            ["stamina.worker.w1.attempt-cancelled-"] = ["AttemptCancelled"],
            ["stamina.worker.w1.resume-worker-"] = ["ResumeWorker"],
            ["stamina.worker.w1.drain-worker-"] = ["DrainWorker"],
            ["stamina.worker.w1.prune-branches-"] = ["PruneAttemptBranches"],
        };
        IReadOnlyList<FuzzTarget> found = [];
        var queues = new List<string>();
        try
        {
            await Eventually.UntilAsync(async () =>
        {
            queues = (await fleet.VirtualHost.ListQueuesAsync()).Select(q => q.Name)
                .Where(n => !n.EndsWith("_error", StringComparison.Ordinal) && !n.EndsWith("_skipped", StringComparison.Ordinal)).ToList();
            found =
            [
                .. fixedTargets.Where(t => queues.Contains(t.Key)).Select(t => new FuzzTarget(t.Key, t.Value)),
                .. prefixed.SelectMany(p => queues.Where(q => q.StartsWith(p.Key, StringComparison.Ordinal)).Select(q => new FuzzTarget(q, p.Value, Parks: !buses.Contains(p.Key)))),
            ];
            // The coordinator's bus queue and the worker's work-bus queue exist only once something was sent through them.
            return found.Count >= fixedTargets.Count + prefixed.Count - 2;
        }, TimeSpan.FromSeconds(30), "the coordinator's and the worker's queues to exist");
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message} Queues: {string.Join(' ', queues)}", exception);
        }
        return found;
    }

    /// <summary>
    /// Publishes each delivery to its queue, each confirmed by the broker before the next (without confirms, whatever
    /// follows a delivery the broker closes the channel for is lost unseen); returns the cases the broker refused,
    /// opening a new connection after each.
    /// </summary>
    async Task<HashSet<int>> PublishAsync(IReadOnlyList<FuzzDelivery> deliveries)
    {
        var unsent = new HashSet<int>();
        var factory = new ConnectionFactory { Uri = new Uri(fleet.VirtualHost.AmqpUri), AutomaticRecoveryEnabled = false };
        IConnection? connection = null;
        IChannel? channel = null;
        foreach (var delivery in deliveries)
        {
            try
            {
                connection ??= await factory.CreateConnectionAsync();
                channel ??= await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true,
                    publisherConfirmationTrackingEnabled: true));
                await channel.BasicPublishAsync("", delivery.Queue, mandatory: false, delivery.Properties, delivery.Body);
            }
            catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or PublishException)
            {
                unsent.Add(delivery.Case);
                TestContext.Progress.WriteLine($"fuzz: the broker refused {delivery.Description}: {exception.Message}");
                await DisposeAsync();
            }
        }
        await DisposeAsync();
        return unsent;

        async Task DisposeAsync()
        {
            if (channel is not null)
                await channel.DisposeAsync();
            if (connection is not null)
                await connection.DisposeAsync();
            (channel, connection) = (null, null);
        }
    }

    /// <summary>
    /// Takes every message waiting in an <c>_error</c> or <c>_skipped</c> queue and adds its fuzz case to
    /// <paramref name="parked"/>. Over AMQP, not the management API: that one cannot render some of the odd header
    /// values the fuzz sends and answers 500 for the whole queue. The worker's temporary endpoints park in exclusive
    /// queues of its own connection, which nobody else may read: those are counted instead, in <paramref name="held"/>
    /// by the fuzzed queue's name.
    /// </summary>
    async Task TakeParkedCasesAsync(HashSet<int> parked, Dictionary<string, long> held)
    {
        var factory = new ConnectionFactory { Uri = new Uri(fleet.VirtualHost.AmqpUri), AutomaticRecoveryEnabled = false };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        held.Clear();
        foreach (var queue in (await fleet.VirtualHost.ListQueuesAsync()).Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal)
            || q.Name.EndsWith("_skipped", StringComparison.Ordinal)))
        {
            if (queue.Exclusive)
            {
                var source = queue.Name[..queue.Name.LastIndexOf('_')];
                held[source] = held.GetValueOrDefault(source) + queue.Messages;
                continue;
            }
            while (await channel.BasicGetAsync(queue.Name, autoAck: true) is { } message)
            {
                if (message.BasicProperties.Headers is { } headers && headers.TryGetValue(FuzzDeliveries.CaseHeader, out var header)
                    && header is byte[] value && int.TryParse(Encoding.UTF8.GetString(value), CultureInfo.InvariantCulture, out var number))
                {
                    parked.Add(number);
                }
            }
        }
    }

    static bool IsCrash(string line) =>
        line.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase) || line.Contains("Process terminated", StringComparison.Ordinal)
        || line.Contains("BackgroundService failed", StringComparison.Ordinal);

    /// <summary>Every table the garbage must leave alone (workers is not one: a heartbeat with a new name is a new worker).</summary>
    static async Task<string> CountRowsAsync(NpgsqlConnection database) =>
        await database.QuerySingleAsync<string>("""
            select concat_ws(' ', 'items', (select count(*) from work_items), 'specs', (select count(*) from work_item_specs),
              'attempts', (select count(*) from attempts), 'results', (select count(*) from results),
              'chunks', (select count(*) from transcript_chunks), 'stale', (select count(*) from stale_reports),
              'accounts', (select count(*) from accounts), 'keys', (select count(*) from idempotency_keys))
            """);
}
