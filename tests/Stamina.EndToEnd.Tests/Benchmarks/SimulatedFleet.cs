using System.Text.Json;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Messaging;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>
/// Workers without git or agents, in the test process, speaking the real protocol to a real coordinator over the real
/// broker: each registers (<see cref="RegisterWorker"/>), heartbeats every interval (<see cref="WorkerHeartbeat"/>,
/// staggered as independent processes would be), and, when told to work, takes <see cref="ExecuteWorkItem"/> from the
/// pool's quorum queue on a channel of its own with a prefetch of one (as the worker's endpoint does), claims it,
/// completes it at once as succeeded, and only then acknowledges the delivery. Requests and publishes go through a few
/// shared MassTransit buses, stamped with the broker user as a real worker's are: the coordinator cannot tell them apart.
/// </summary>
sealed class SimulatedFleet : IAsyncDisposable
{
    const int WorkersPerBus = 25;
    readonly List<IBusControl> buses = [];
    readonly List<IChannel> channels = [];
    readonly CancellationTokenSource stop = new();
    readonly List<Task> heartbeats = [];
    readonly string pool;
    readonly TimeSpan interval;
    readonly DateTimeOffset startedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    IConnection? work;
    long completed;
    long rejected;
    long lastCompletion;
    long claimTicks;
    long completionTicks;

    SimulatedFleet(string pool, TimeSpan interval, IReadOnlyList<string> names)
    {
        this.pool = pool;
        this.interval = interval;
        Names = names;
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>Items completed and accepted by the coordinator.</summary>
    public long Completed => Interlocked.Read(ref completed);

    /// <summary>When the latest completion was accepted (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long LastCompletion => Interlocked.Read(ref lastCompletion);

    /// <summary>Mean round trips of a claim and of a completion, in milliseconds (where the time goes).</summary>
    public (double Claim, double Completion) MeanRoundTrips => Completed == 0 ? (0, 0)
        : (TimeSpan.FromTicks(Interlocked.Read(ref claimTicks) / Completed).TotalMilliseconds,
            TimeSpan.FromTicks(Interlocked.Read(ref completionTicks) / Completed).TotalMilliseconds);

    /// <summary>Claims refused (a duplicate or stale message): harmless, counted to be reported.</summary>
    public long Rejected => Interlocked.Read(ref rejected);

    /// <summary>Forgets what was counted so far: the measured run starts after a warm-up.</summary>
    public void ResetCounts()
    {
        Interlocked.Exchange(ref completed, 0);
        Interlocked.Exchange(ref rejected, 0);
        Interlocked.Exchange(ref claimTicks, 0);
        Interlocked.Exchange(ref completionTicks, 0);
    }

    /// <summary>Starts <paramref name="count"/> registered, heartbeating workers named <c>sim-N</c>; none takes work yet.</summary>
    public static async Task<SimulatedFleet> StartAsync(string amqpUri, int count, TimeSpan interval, string pool = "default")
    {
        var fleet = new SimulatedFleet(pool, interval, [.. Enumerable.Range(1, count).Select(i => $"sim-{i}")]);
        var address = RabbitMqAddress.Parse(amqpUri);
        for (var i = 0; i < (count + WorkersPerBus - 1) / WorkersPerBus; i++)
        {
            var bus = Bus.Factory.CreateUsingRabbitMq(rabbitMq =>
            {
                rabbitMq.UseStaminaHost(address, $"simulated-workers-{i}");
                rabbitMq.StampSender(address);
            });
            await bus.StartAsync();
            fleet.buses.Add(bus);
        }
        // Registration as each worker does it at start, a few at a time.
        await Parallel.ForEachAsync(fleet.Names, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (name, token) =>
            await fleet.RegisterAsync(name, token));
        for (var i = 0; i < fleet.Names.Count; i++)
            fleet.heartbeats.Add(fleet.HeartbeatAsync(fleet.Names[i], interval * i / fleet.Names.Count));
        return fleet;
    }

    IBus BusOf(string name) => buses[(int.Parse(name["sim-".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1) / WorkersPerBus];

    WorkerIdentity Identity(string name) => new() { Name = name, Machine = "simulated", Pool = pool };

    async Task RegisterAsync(string name, CancellationToken cancellationToken)
    {
        var client = BusOf(name).CreateRequestClient<RegisterWorker>(RequestTimeout.After(s: 60));
        var response = await client.GetResponse<WorkerRegistered, WorkerRefused>(new RegisterWorker
        {
            Worker = Identity(name),
            StartedAt = startedAt,
            WorkDir = "/simulated/" + name,
            Version = "simulated",
            Interval = interval,
        }, cancellationToken);
        if (response.Is(out Response<WorkerRefused>? refused))
            throw new InvalidOperationException($"{name} was refused: {refused.Message.Reason}");
    }

    async Task HeartbeatAsync(string name, TimeSpan offset)
    {
        try
        {
            await Task.Delay(offset, stop.Token);
            using var timer = new PeriodicTimer(interval);
            do
            {
                await BusOf(name).Publish(new WorkerHeartbeat
                {
                    Worker = Identity(name),
                    Status = WorkerStatus.Idle,
                    Version = "simulated",
                    StartedAt = startedAt,
                    SentAt = DateTimeOffset.UtcNow,
                    Interval = interval,
                }, stop.Token);
            }
            while (await timer.WaitForNextTickAsync(stop.Token));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Every worker starts consuming the pool's queue, one unacknowledged delivery at a time.</summary>
    public async Task StartWorkingAsync(string amqpUri)
    {
        work = await new ConnectionFactory { Uri = new Uri(amqpUri), ClientProvidedName = "simulated-workers-work" }.CreateConnectionAsync();
        foreach (var name in Names)
        {
            var channel = await work.CreateChannelAsync();
            channels.Add(channel);
            await channel.BasicQosAsync(0, 1, false);
            await channel.QueueDeclareAsync(PoolQueues.QueueName(pool), durable: true, exclusive: false, autoDelete: false, arguments: PoolQueues.Arguments());
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) => ExecuteAsync(name, channel, delivery);
            await channel.BasicConsumeAsync(PoolQueues.QueueName(pool), autoAck: false, consumer);
        }
    }

    async Task ExecuteAsync(string name, IChannel channel, BasicDeliverEventArgs delivery)
    {
        try
        {
            // MassTransit's envelope; only the fencing token's fields are needed to claim.
            using var envelope = JsonDocument.Parse(delivery.Body);
            var message = envelope.RootElement.GetProperty("message");
            var item = message.GetProperty("workItemId").GetGuid();
            var attempt = message.GetProperty("attempt").GetInt32();
            var bus = BusOf(name);
            var asked = System.Diagnostics.Stopwatch.GetTimestamp();
            var claim = await bus.CreateRequestClient<ClaimWorkItem>(RequestTimeout.After(s: 30))
                .GetResponse<ClaimGranted, ClaimRejected>(new ClaimWorkItem
                {
                    WorkItemId = item,
                    Attempt = attempt,
                    Worker = Identity(name),
                    Redelivered = delivery.Redelivered,
                }, stop.Token);
            if (claim.Is(out Response<ClaimGranted>? granted))
            {
                var claimed = System.Diagnostics.Stopwatch.GetTimestamp();
                Interlocked.Add(ref claimTicks, System.Diagnostics.Stopwatch.GetElapsedTime(asked, claimed).Ticks);
                var answer = await bus.CreateRequestClient<CompleteAttempt>(RequestTimeout.After(s: 30))
                    .GetResponse<CompletionAccepted, CompletionRejected>(new CompleteAttempt
                    {
                        WorkItemId = item,
                        Attempt = granted.Message.Attempt,
                        Worker = name,
                        Secret = granted.Message.Secret,
                        Outcome = AttemptOutcome.Succeeded,
                        ExitCode = 0,
                        Result = new AttemptResult { Branch = $"stamina/{item}/{attempt}", Summary = "no changes" },
                    }, stop.Token);
                if (answer.Is(out Response<CompletionAccepted>? _))
                {
                    Interlocked.Add(ref completionTicks, System.Diagnostics.Stopwatch.GetElapsedTime(claimed).Ticks);
                    Interlocked.Exchange(ref lastCompletion, System.Diagnostics.Stopwatch.GetTimestamp());
                    Interlocked.Increment(ref completed);
                }
            }
            else
            {
                Interlocked.Increment(ref rejected);
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            TestContext.Progress.WriteLine($"{name}: {exception.Message}");
            // Back to the queue, as a worker's failed consumer would leave it.
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(heartbeats);
        foreach (var channel in channels)
            await channel.DisposeAsync();
        if (work is not null)
            await work.DisposeAsync();
        foreach (var bus in buses)
            await bus.StopAsync();
        stop.Dispose();
    }
}
