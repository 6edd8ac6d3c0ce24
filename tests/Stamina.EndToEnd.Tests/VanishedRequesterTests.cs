using Dapper;
using MassTransit;
using Npgsql;
using Stamina.Contracts;
using Stamina.Coordinator.WorkItems;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// A requester that dies between asking and being answered (a worker killed right after a renewal, or anyone with the
/// broker's credentials doing it on purpose) leaves the coordinator an answer for an exchange the broker has deleted.
/// Publishing to it closes the channel it goes out on. It must cost that answer only: the saga's endpoint keeps
/// consuming, and leases are still judged on time, not after the reconnect allowance that follows an outage.
/// </summary>
[TestFixture]
public sealed class VanishedRequesterTests : FleetTestBase
{
    static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    static readonly TimeSpan Allowance = TimeSpan.FromSeconds(30);

    private protected override FleetOptions Options => new()
    {
        Workers = 2,
        HeartbeatInterval = Heartbeat,
        CoordinatorSettings = new Dictionary<string, string>
        {
            ["Stamina__Leases__ReconnectAllowance"] = Allowance.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    [Test]
    public async Task When_requesters_vanish_before_their_answers_Should_still_judge_a_frozen_holders_lease_on_time()
    {
        await Eventually.UntilAsync(() => Task.FromResult(fleet.Coordinator.Output.Any(line => line.Contains("is now the leader", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the coordinator to lead");
        // A new leader gives every lease a full period and the reconnect allowance first, as after an outage.
        var judgesFrom = DateTimeOffset.UtcNow + Heartbeat * 3 + Allowance + TimeSpan.FromSeconds(1);
        var pidFile = Path.Combine(fleet.Root, "attempt1.pid");
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = HangOnFirstAttempt(pidFile) })).Id();
        var running = await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(pidFile)), TimeSpan.FromSeconds(30), "the command to start");
        var holder = fleet.Workers.Single(w => w.Name == running.Text("holder"));
        if (judgesFrom > DateTimeOffset.UtcNow)
            await Task.Delay(judgesFrom - DateTimeOffset.UtcNow);

        await using var survivor = await BrokerIntruder.ConnectAsync(fleet);
        var sagaQueue = await survivor.Bus.GetSendEndpoint(new Uri($"queue:{WorkItemStateMachineDefinition.QueueName}"));
        const int vanished = 3, repeats = 2;
        for (var i = 0; i < vanished; i++)
        {
            // The coordinator answers it once (so it knows the requester's exchange), then the requester is gone.
            var requester = await BrokerIntruder.ConnectAsync(fleet);
            var address = requester.Bus.Address;
            var first = await requester.AskAsync<RenewLease, LeaseRenewed, LeaseLost>(ForgedRenewal(id, holder.Name));
            Assert.That(first.Is(out Response<LeaseLost>? _), Is.True);
            await requester.DisposeAsync();
            for (var repeat = 0; repeat < repeats; repeat++)
                await sagaQueue.Send(ForgedRenewal(id, holder.Name), send => (send.RequestId, send.ResponseAddress) = (NewId.NextGuid(), address));
        }
        await Eventually.UntilAsync(async () => await ForgedHeartbeatsAsync(id) == vanished * (1 + repeats), TimeSpan.FromSeconds(30),
            "the coordinator to refuse every forged renewal, the ones whose requester is gone too");
        var answered = await survivor.AskAsync<RenewLease, LeaseRenewed, LeaseLost>(ForgedRenewal(id, holder.Name));
        Assert.That(answered.Is(out Response<LeaseLost>? _), Is.True, "a live requester is still answered");

        var struck = DateTimeOffset.UtcNow;
        holder.Signal(Signals.Stop);
        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90));
        holder.Signal(Signals.Continue);
        var reclaimedAfter = item.Attempts()[1].GetProperty("startedAt").GetDateTimeOffset() - struck;
        Assert.That(reclaimedAfter, Is.LessThan(Allowance),
            "the frozen holder's lease was judged when it ran out, not a lease and the reconnect allowance after an answer failed");
        Assert.That(item.Attempts()[0].Text("outcome"), Is.EqualTo("lost"));
        Assert.That((item.GetProperty("failures").GetInt32(), item.GetProperty("lostAttempts").GetInt32()), Is.EqualTo((0, 1)));
        Assert.That(await fleet.VirtualHost.GetQueueAsync($"{WorkItemStateMachineDefinition.QueueName}_error"), Is.Null.Or.Property("Messages").Zero,
            "no request was dead-lettered because its answer could not be delivered");
    }

    static RenewLease ForgedRenewal(Guid id, string holder) =>
        new() { WorkItemId = id, Attempt = 1, Worker = holder, Secret = new AttemptSecret { Value = "guessed" } };

    async Task<long> ForgedHeartbeatsAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(fleet.DatabaseConnectionString);
        return await connection.ExecuteScalarAsync<long>(
            "select count(*) from stale_reports where item_id = @id and kind = 'heartbeat' and reason = 'forged'", new { id });
    }
}
