using System.Text;
using MassTransit;
using RabbitMQ.Client;
using Stamina.Contracts;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// A fleet on the users of <c>stamina broker users</c>, attacked with another worker's stolen broker password: the
/// broker validates each message's user_id, and the coordinator lets a worker's user speak only for that worker. So
/// the thief cannot take over a running item by claiming it under the holder's name (which would hand it a real
/// attempt secret), nor rewrite the holder's row, while it still works as itself.
/// </summary>
[NonParallelizable]
public sealed class BrokerUserImpersonationTests
{
    [Test]
    public async Task When_a_stolen_worker_user_claims_and_heartbeats_as_the_holder_Should_change_nothing()
    {
        var tag = BrokerUsers.NewTag();
        var (holder, thief) = ($"{tag}-h", $"{tag}-t");
        BrokerUsers? users = null;
        var fleet = await Fleet.StartAsync(new FleetOptions
        {
            Workers = 0,
            CoordinatorBroker = async vhost =>
            {
                users = await BrokerUsers.CreateAsync(vhost, $"stamina-coordinator-{tag}", $"{holder}:default", $"{thief}:default");
                return users.Coordinator;
            },
        });
        try
        {
            await fleet.StartWorkerAsync(holder, settings: new Dictionary<string, string> { ["ConnectionStrings__RabbitMq"] = users!.Worker(holder) });
            var go = Path.Combine(fleet.Root, "go");
            var id = (await fleet.SubmitAsync(new
            {
                repo = fleet.Repository.Path,
                command = new[] { "sh", "-c", $"while [ ! -f '{go}' ]; do sleep 0.1; done; echo real > result.txt" },
            })).Id();
            var running = await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
            Assert.That(running.Text("holder"), Is.EqualTo(holder));

            await using var intruder = await BrokerIntruder.ConnectAsWorkerUserAsync(users.Worker(thief), thief);
            var asHolder = new WorkerIdentity { Name = holder, Machine = "elsewhere", Pool = "default" };
            // The takeover a shared user could do: "I am the holder, restarted; the message came back to me".
            var claim = intruder.AskAsync<ClaimWorkItem, ClaimGranted, ClaimRejected>(
                new ClaimWorkItem { WorkItemId = id, Attempt = 1, Worker = asHolder, Redelivered = true });
            Assert.ThrowsAsync<RequestTimeoutException>(async () => await claim, "the coordinator drops it unanswered");
            await intruder.Bus.Publish(new WorkerHeartbeat
            {
                Worker = asHolder,
                Status = WorkerStatus.Idle,
                StartedAt = DateTimeOffset.UtcNow.AddDays(1),
                SentAt = DateTimeOffset.UtcNow,
                Interval = TimeSpan.FromSeconds(2),
                Attention = "forged",
            });
            // As itself, the thief is heard: the rule binds names, it does not shut the user out.
            await intruder.Bus.Publish(new WorkerHeartbeat
            {
                Worker = new WorkerIdentity { Name = thief, Machine = "elsewhere", Pool = "default" },
                Status = WorkerStatus.Idle,
                StartedAt = DateTimeOffset.UtcNow,
                SentAt = DateTimeOffset.UtcNow,
                Interval = TimeSpan.FromSeconds(2),
            });
            await Eventually.UntilAsync(async () => (await fleet.WorkersAsync()).Any(w => w.Text("name") == thief),
                TimeSpan.FromSeconds(20), "the thief's own heartbeat to be heard");

            var workers = await fleet.WorkersAsync();
            var holderRow = workers.Single(w => w.Text("name") == holder);
            Assert.That(holderRow.Text("machine"), Is.Not.EqualTo("elsewhere"), "the holder's row is its own");
            Assert.That((await fleet.ItemAsync(id)).State(), Is.EqualTo("Running"));

            File.WriteAllText(go, "");
            var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
            Assert.That(item.Attempts(), Has.Count.EqualTo(1), "no restart was counted, no second attempt granted");
            Assert.That(item.Text("holder") ?? holder, Is.EqualTo(holder));
            Assert.That(fleet.Repository.Show(item.Result().GetProperty("branch").GetString()!, "result.txt"), Is.EqualTo("real"));
            var metrics = await fleet.Api.GetStringAsync("/metrics");
            Assert.That(metrics, Does.Match("stamina_reports_rejected_total\\{[^}]*kind=\"ClaimWorkItem\"[^}]*reason=\"impersonated\"[^}]*\\} 1"));
            Assert.That(metrics, Does.Match("stamina_reports_rejected_total\\{[^}]*kind=\"WorkerHeartbeat\"[^}]*reason=\"impersonated\"[^}]*\\} 1"));
        }
        catch
        {
            fleet.WriteLogs(TestContext.Progress);
            throw;
        }
        finally
        {
            await fleet.DisposeAsync();
            if (users is not null)
                await users.DisposeAsync();
        }
    }

    [Test]
    public async Task When_a_worker_user_sends_an_unreadable_report_Should_be_parked_by_the_coordinator_with_its_user_id()
    {
        var tag = BrokerUsers.NewTag();
        var worker = $"{tag}-w";
        BrokerUsers? users = null;
        var fleet = await Fleet.StartAsync(new FleetOptions
        {
            Workers = 0,
            CoordinatorBroker = async vhost =>
            {
                users = await BrokerUsers.CreateAsync(vhost, $"stamina-coordinator-{tag}", $"{worker}:default");
                return users.Coordinator;
            },
        });
        try
        {
            await fleet.StartWorkerAsync(worker, settings: new Dictionary<string, string> { ["ConnectionStrings__RabbitMq"] = users!.Worker(worker) });
            var workerUser = new Uri(users.Worker(worker)).UserInfo.Split(':')[0];
            await using (var connection = await new ConnectionFactory { Uri = new Uri(users.Worker(worker)) }.CreateConnectionAsync())
            await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true)))
            {
                var properties = new BasicProperties { UserId = workerUser, ContentType = "application/vnd.masstransit+json" };
                await channel.BasicPublishAsync("Stamina.Contracts:CompleteAttempt", "", false, properties, Encoding.UTF8.GetBytes("{ not json"));
            }
            // Moving it keeps its user_id: only the coordinator's impersonator tag lets the broker take that.
            await using var admin = await new ConnectionFactory { Uri = new Uri(fleet.VirtualHost.AmqpUri) }.CreateConnectionAsync();
            await Eventually.UntilAsync(async () =>
            {
                // A channel per look: asking for a queue not made yet closes the channel.
                await using var look = await admin.CreateChannelAsync();
                return await look.MessageCountAsync("stamina.coordinator.work-items_error") == 1;
            }, TimeSpan.FromSeconds(30), "the unreadable report in the coordinator's error queue");
            Assert.That(string.Join('\n', fleet.Coordinator.Output), Does.Not.Contain("PRECONDITION_FAILED"));
            var item = await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", "echo hi > out.txt" } });
            await fleet.WaitForStateAsync(item.Id(), "Succeeded", TimeSpan.FromSeconds(60));
        }
        catch
        {
            fleet.WriteLogs(TestContext.Progress);
            throw;
        }
        finally
        {
            await fleet.DisposeAsync();
            if (users is not null)
                await users.DisposeAsync();
        }
    }
}
