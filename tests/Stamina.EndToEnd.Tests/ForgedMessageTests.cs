using Dapper;
using MassTransit;
using Npgsql;
using Stamina.Contracts;
using Stamina.Coordinator.WorkItems;
using Stamina.Coordinator.WorkItems.Commands;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// A client with the broker's credentials but no attempt secret tries every report it could forge, on the real broker
/// and database: nothing it sends changes an item, rests an account, stores a transcript or creates an item.
/// </summary>
[TestFixture]
public sealed class ForgedMessageTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    [Test]
    public async Task When_an_intruder_forges_results_and_limits_for_a_running_item_Should_change_nothing_and_the_holder_still_finishes()
    {
        var go = Path.Combine(fleet.Root, "go");
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[] { "sh", "-c", $"while [ ! -f '{go}' ]; do sleep 0.1; done; echo real > result.txt" },
        })).Id();
        var running = await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        var holder = running.Text("holder")!;
        await using var intruder = await BrokerIntruder.ConnectAsync(fleet);

        AttemptSecret?[] guesses = [null, new AttemptSecret { Value = "guessed" }];
        foreach (var secret in guesses)
        {
            var forged = await intruder.AskAsync<CompleteAttempt, CompletionAccepted, CompletionRejected>(new CompleteAttempt
            {
                WorkItemId = id,
                Attempt = 1,
                Worker = holder,
                Secret = secret,
                Outcome = AttemptOutcome.Succeeded,
                Result = new AttemptResult { Branch = "forged", HeadCommit = new string('f', 40), Commits = 1 },
            });
            Assert.That(forged.Is(out Response<CompletionRejected>? _), Is.True, "a forged result is refused");
        }
        var limit = await intruder.AskAsync<CompleteAttempt, CompletionAccepted, CompletionRejected>(new CompleteAttempt
        {
            WorkItemId = id,
            Attempt = 1,
            Worker = holder,
            Account = "victim",
            Outcome = AttemptOutcome.Released,
            ErrorClass = ErrorClasses.UsageLimit,
            AccountLimitedUntil = DateTimeOffset.UtcNow.AddDays(7),
        });
        Assert.That(limit.Is(out Response<CompletionRejected>? _), Is.True, "a forged usage limit is refused");
        Assert.That((await fleet.ItemAsync(id)).State(), Is.EqualTo("Running"));

        File.WriteAllText(go, "");
        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        Assert.That(item.Attempts(), Has.Count.EqualTo(1));
        Assert.That(fleet.Repository.Show(item.Result().GetProperty("branch").GetString()!, "result.txt"), Is.EqualTo("real"));

        await using var connection = new NpgsqlConnection(fleet.DatabaseConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from accounts"), Is.Zero, "no account rests");
        Assert.That(await connection.ExecuteScalarAsync<long>(
            "select count(*) from stale_reports where item_id = @id and reason = 'forged' and kind = 'result'", new { id }), Is.EqualTo(3));
        var metrics = await fleet.Api.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Match("stamina_reports_rejected_total\\{[^}]*kind=\"result\"[^}]*reason=\"forged\"[^}]*\\} 3"));
    }

    [Test]
    public async Task When_an_intruder_renews_a_dead_holders_lease_Should_keep_nothing_alive()
    {
        var pidFile = Path.Combine(fleet.Root, "attempt1.pid");
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = HangOnFirstAttempt(pidFile) })).Id();
        var running = await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(pidFile)), TimeSpan.FromSeconds(30), "the command to start");
        var holder = fleet.Workers.Single(w => w.Name == running.Text("holder"));
        await using var intruder = await BrokerIntruder.ConnectAsync(fleet);

        holder.Signal(Signals.Kill);
        fleet.Retire(holder);
        var renewed = 0;
        await Eventually.UntilAsync(async () =>
        {
            var answer = await intruder.AskAsync<RenewLease, LeaseRenewed, LeaseLost>(
                new RenewLease { WorkItemId = id, Attempt = 1, Worker = holder.Name, Secret = new AttemptSecret { Value = "guessed" } });
            renewed += answer.Is(out Response<LeaseRenewed>? _) ? 1 : 0;
            return (await fleet.ItemAsync(id)).State() != "Running";
        }, TimeSpan.FromSeconds(60), "the dead holder's lease to run out in spite of forged renewals");

        Assert.That(renewed, Is.Zero);
        var item = await fleet.ItemAsync(id);
        Assert.That(item.Attempts()[0].Text("outcome"), Is.EqualTo("lost"));
    }

    [Test]
    public async Task When_an_intruder_sends_a_submission_or_a_transcript_for_no_item_Should_store_nothing()
    {
        await using var intruder = await BrokerIntruder.ConnectAsync(fleet);
        var submitted = Guid.NewGuid();
        var submission = new SubmitWorkItem
        {
            WorkItemId = submitted,
            Pool = "default",
            MaxAttempts = 1,
            Spec = new WorkItemSpec { Repo = "/etc", BaseRef = "main", Harness = "command", Command = ["sh", "-c", "id"], Timeout = TimeSpan.FromMinutes(1) },
        };
        // Straight to the saga's own queue, and to the message type's exchange.
        var endpoint = await intruder.Bus.GetSendEndpoint(new Uri($"exchange:{WorkItemStateMachineDefinition.QueueName}"));
        await endpoint.Send(submission);
        await intruder.Bus.Publish(submission);
        var nowhere = Guid.NewGuid();
        await intruder.Bus.Publish(new TranscriptChunk { WorkItemId = nowhere, Attempt = 1, Worker = "w", Offset = 0, Data = "x\n"u8.ToArray(), Final = true });

        await Eventually.UntilAsync(async () => await fleet.VirtualHost.GetQueueAsync($"{WorkItemStateMachineDefinition.QueueName}_skipped") is { Messages: > 0 },
            TimeSpan.FromSeconds(30), "the saga to skip the submission: no event of it makes an item");
        await Eventually.UntilAsync(async () => System.Text.RegularExpressions.Regex.IsMatch(await fleet.Api.GetStringAsync("/metrics"),
                "stamina_reports_rejected_total\\{[^}]*kind=\"transcript\"[^}]*reason=\"forged\"[^}]*\\} 1"),
            TimeSpan.FromSeconds(30), "the forged transcript chunk to be counted");

        Assert.That((await fleet.Api.GetAsync($"/api/items/{submitted}")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
        await using var connection = new NpgsqlConnection(fleet.DatabaseConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from work_items"), Is.Zero);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from transcript_chunks"), Is.Zero);
    }
}
