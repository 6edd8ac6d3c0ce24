using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Tests.WorkItems;

/// <summary>
/// Reports from anyone but the holder (its name and the secret of its grant) change nothing: the attacks of a client
/// that holds broker credentials, tried on the state machine.
/// </summary>
[TestFixture]
public sealed class ForgedReportSpecs : WorkItemSpecs
{
    static readonly WorkerIdentity OnAccountA = WorkItemHarness.WorkerA with { Account = "a" };
    static readonly AttemptSecret Guessed = new() { Value = "not-the-secret" };
    [Test]
    public async Task When_a_claim_is_granted_Should_carry_a_fresh_secret_of_at_least_128_bits_that_no_ToString_shows()
    {
        var first = await Items.SubmitAsync();
        var second = await Items.SubmitAsync();
        var grant = await Items.ClaimAsync(first, 1, WorkItemHarness.WorkerA);
        await Items.ClaimGrantedAsync(second, 1, WorkItemHarness.WorkerA);

        Assert.That(grant.Is(out Response<ClaimGranted>? granted), Is.True);
        var secret = granted!.Message.Secret!.Value;
        Assert.That(Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "="), Has.Length.GreaterThanOrEqualTo(16));
        Assert.That(Items.SecretOf(second, 1)!.Value, Is.Not.EqualTo(secret));
        Assert.That(granted.Message.ToString(), Does.Not.Contain(secret));
        Assert.That(new CompleteAttempt { Secret = granted.Message.Secret }.ToString(), Does.Not.Contain(secret));
        Assert.That(Items.Journal.SecretHashes[(first, 1)], Does.Not.Contain(secret), "only a hash is stored");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task When_a_completion_lacks_the_holders_secret_Should_change_nothing_and_the_holders_result_still_counts(bool wrongSecret)
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);

        var forged = await Items.SendAsIsAsync(new CompleteAttempt
        {
            WorkItemId = id,
            Attempt = 1,
            Worker = "worker-a",
            Secret = wrongSecret ? Guessed : null,
            Outcome = AttemptOutcome.Succeeded,
            Result = new AttemptResult { Branch = "evil", Commits = 1 },
        });

        Assert.That(forged.Is(out Response<CompletionRejected>? _), Is.True);
        Assert.That(Items.Item(id).CurrentState, Is.EqualTo(WorkItemStates.Running));
        Assert.That(Items.Journal.Forged, Has.One.Matches<(Guid, int, string Kind, string)>(s => s.Kind == "result"));
        var real = await Items.CompleteAsync(id, 1, AttemptOutcome.Succeeded);
        Assert.That(real.Is(out Response<CompletionAccepted>? _), Is.True);
        Assert.That(Items.Item(id).CurrentState, Is.EqualTo(WorkItemStates.Succeeded));
        Assert.That(Items.Journal.Results[id].Result.Branch, Is.Not.EqualTo("evil"));
    }

    [Test]
    public async Task When_another_worker_presents_the_right_secret_Should_refuse_it_as_forged()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);

        var completion = await Items.CompleteAsync(id, 1, AttemptOutcome.Failed, worker: "worker-b");
        var renewal = await Items.RenewAsync(id, 1, worker: "worker-b");

        Assert.That(completion.Is(out Response<CompletionRejected>? _), Is.True);
        Assert.That(renewal.Is(out Response<LeaseLost>? _), Is.True);
        Assert.That(Items.Item(id).CurrentState, Is.EqualTo(WorkItemStates.Running));
        Assert.That(Items.Journal.Forged, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task When_a_forged_renewal_comes_for_a_silent_holder_Should_keep_no_lease_alive()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        var deadline = Items.Item(id).LeaseExpiresAt;

        Items.Clock.Advance(Items.Leases.HeartbeatInterval);
        var forged = await Items.SendAsIsAsync(new RenewLease
        {
            WorkItemId = id,
            Attempt = 1,
            Worker = "worker-a",
            Secret = Guessed,
            Progress = new AgentProgress { Turns = 99 },
        });

        Assert.That(forged.Is(out Response<LeaseLost>? _), Is.True);
        Assert.That(Items.Item(id).LeaseExpiresAt, Is.EqualTo(deadline));
        Assert.That(Items.Journal.ProgressReports, Is.Empty);
        Items.Clock.Advance(Items.Leases.LeaseDuration);
        await Items.ExpireAsync(id, 1);
        Assert.That(Items.Item(id).CurrentState, Is.EqualTo(WorkItemStates.Queued), "the dead holder's lease ran out");
    }

    [Test]
    public async Task When_a_forged_usage_limit_comes_Should_rest_no_account()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, OnAccountA);

        await Items.SendAsIsAsync(new CompleteAttempt
        {
            WorkItemId = id,
            Attempt = 1,
            Worker = "worker-a",
            Account = "a",
            Outcome = AttemptOutcome.Released,
            ErrorClass = ErrorClasses.UsageLimit,
            AccountLimitedUntil = Items.Clock.GetUtcNow().AddDays(7),
        });

        Assert.That(Items.Journal.AccountLimits, Is.Empty);
        Assert.That(Items.Item(id).CurrentState, Is.EqualTo(WorkItemStates.Running));
    }

    [Test]
    public async Task When_the_holder_reports_a_usage_limit_naming_another_account_Should_rest_only_its_own()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, OnAccountA);

        await Items.CompleteAsync(new CompleteAttempt
        {
            WorkItemId = id,
            Attempt = 1,
            Worker = "worker-a",
            Account = "someone-else",
            Outcome = AttemptOutcome.Released,
            ErrorClass = ErrorClasses.UsageLimit,
            AccountLimitedUntil = Items.Clock.GetUtcNow().AddYears(1),
        });

        Assert.That(Items.Journal.AccountLimits.Keys, Is.EqualTo(new[] { "a" }));
        Assert.That(Items.Journal.AccountLimits["a"], Is.EqualTo(Items.Clock.GetUtcNow().AddDays(7)), "capped at a week");
    }

    [Test]
    public async Task When_the_holder_asks_again_for_its_claim_Should_get_a_new_secret_and_the_old_one_stops_working()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        var old = Items.SecretOf(id, 1)!;

        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);

        Assert.That(Items.SecretOf(id, 1)!.Value, Is.Not.EqualTo(old.Value));
        var withOld = await Items.SendAsIsAsync(new RenewLease { WorkItemId = id, Attempt = 1, Worker = "worker-a", Secret = old });
        var withNew = await Items.RenewAsync(id, 1);
        Assert.That(withOld.Is(out Response<LeaseLost>? _), Is.True);
        Assert.That(withNew.Is(out Response<LeaseRenewed>? _), Is.True);
    }
}
