using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Coordinator.Breakers;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Tests.Infrastructure;

namespace Stamina.Coordinator.Tests.Breakers;

/// <summary>
/// Breakers on both stores through the saga: failures counted in the completion's transaction, the claim refused while
/// open, one probe once half-open, closed by its success; the account's claims refused with the cool-down's end.
/// </summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class BreakerStoreTests(string kind) : StoreFixture(kind)
{
    static readonly TimeSpan CoolDown = new BreakerSettings().CoolDown;

    static WorkerIdentity Worker(string account) => new() { Name = $"w-{account}", Machine = "m1", Pool = "default", Account = account };

    /// <summary>The grant, or the refusal.</summary>
    async Task<(ClaimGranted? Granted, ClaimRejected? Rejected)> ClaimAsync(Guid id, int attempt, WorkerIdentity worker)
    {
        var answer = await Store.Bus.GetRequestClient<ClaimWorkItem>().GetResponse<ClaimGranted, ClaimRejected>(
            new ClaimWorkItem { WorkItemId = id, Attempt = attempt, Worker = worker });
        if (answer.Is(out Response<ClaimGranted>? granted))
            return (granted.Message, null);
        return answer.Is(out Response<ClaimRejected>? rejected) ? (null, rejected.Message) : throw new InvalidOperationException("no answer");
    }

    /// <summary>Claimed by <paramref name="account"/> and failed with a message that differs only in its numbers.</summary>
    async Task FailAsync(Guid id, string account, int n)
    {
        await Store.ClaimAsync(id, 1, Worker(account));
        await Store.CompleteAsync(new CompleteAttempt
        {
            WorkItemId = id,
            Attempt = 1,
            Worker = Worker(account).Name,
            Outcome = AttemptOutcome.Failed,
            ExitCode = 1,
            ErrorClass = ErrorClasses.Exit,
            Message = $"fatal: cannot open /srv/repo/{n}: error {n}",
        });
    }

    async Task<IReadOnlyList<BreakerView>> BreakersAsync() =>
        await new BreakerQueries(Store.Database, Store.Clock).ListAsync(trippedOnly: false, default);

    [Test]
    public async Task When_items_of_a_repository_fail_the_same_way_Should_hold_its_claims_then_admit_one_probe_that_closes_it()
    {
        // Three accounts, so only the repository's breaker reaches the threshold.
        for (var i = 0; i < 3; i++)
            await FailAsync(await Store.SubmitAsync(), $"acct{i}", i + 10);
        var repo = (await BreakersAsync()).Single(b => b.Scope == BreakerScopes.Repo);
        Assert.That((repo.Key, repo.Status, repo.Trips), Is.EqualTo(("/srv/repo", BreakerStatuses.Open, 1)));
        Assert.That(repo.OpenUntil, Is.EqualTo(Store.Clock.GetUtcNow() + CoolDown));
        Assert.That(repo.Signature, Does.StartWith("exit: fatal: cannot open <path>"));

        var waiting = await Store.SubmitAsync();
        var other = await Store.SubmitAsync();
        var refused = await ClaimAsync(waiting, 1, Worker("fresh"));
        Assert.That(refused.Rejected?.Reason, Does.StartWith("repository breaker open"));

        var holds = await ReadHoldsAsync();
        Assert.That(holds.Single().Allow, Is.Zero);
        Assert.That(holds.Single().Reason.Kind, Is.EqualTo("breaker"));

        Store.Clock.Advance(CoolDown);
        Assert.That((await ReadHoldsAsync()).Single().Allow, Is.EqualTo(1), "half-open: one probe may go");
        Assert.That((await ClaimAsync(waiting, 1, Worker("fresh"))).Granted, Is.Not.Null);
        Assert.That((await ReadHoldsAsync()).Single().Allow, Is.Zero, "its probe runs");
        var second = await ClaimAsync(other, 1, Worker("fresh2"));
        Assert.That(second.Rejected?.Reason, Does.Contain("probe"));

        var secret = (await ClaimAsync(waiting, 1, Worker("fresh"))).Granted!.Secret;
        await Store.CompleteAsync(new CompleteAttempt
        {
            WorkItemId = waiting,
            Attempt = 1,
            Worker = Worker("fresh").Name,
            Outcome = AttemptOutcome.Succeeded,
            Secret = secret,
            Result = new AttemptResult(),
        });
        Assert.That((await BreakersAsync()).Where(b => b.Scope == BreakerScopes.Repo), Is.Empty, "closed, and its history forgotten");
        Assert.That(await ReadHoldsAsync(), Is.Empty);
        Assert.That((await ClaimAsync(other, 1, Worker("fresh2"))).Granted, Is.Not.Null);
    }

    [Test]
    public async Task When_an_accounts_attempts_fail_the_same_way_Should_refuse_its_claims_until_the_cool_down_ends()
    {
        // Three repositories, one account: only the account's breaker opens.
        for (var i = 0; i < 3; i++)
            await FailAsync(await Store.SubmitAsync(spec: Spec($"/srv/repo{i}")), "tired", i);
        var account = (await BreakersAsync()).Single(b => b.Status == BreakerStatuses.Open);
        Assert.That((account.Scope, account.Key), Is.EqualTo((BreakerScopes.Account, "tired")));

        var item = await Store.SubmitAsync(spec: Spec("/srv/elsewhere"));
        var refused = await ClaimAsync(item, 1, Worker("tired"));
        Assert.That(refused.Rejected?.AccountLimitedUntil, Is.EqualTo(account.OpenUntil));
        Assert.That((await ClaimAsync(item, 1, Worker("rested"))).Granted, Is.Not.Null, "other accounts go on");

        Store.Clock.Advance(CoolDown);
        var probe = await Store.SubmitAsync(spec: Spec("/srv/elsewhere"));
        var next = await Store.SubmitAsync(spec: Spec("/srv/elsewhere"));
        Assert.That((await ClaimAsync(probe, 1, Worker("tired"))).Granted, Is.Not.Null, "half-open: the probe");
        var held = await ClaimAsync(next, 1, Worker("tired") with { Name = "w-tired-2" });
        Assert.That(held.Rejected?.AccountLimitedUntil, Is.GreaterThan(Store.Clock.GetUtcNow()), "one probe at a time");

        // The probe fails the same way: open again, for twice as long.
        var secret = (await ClaimAsync(probe, 1, Worker("tired"))).Granted!.Secret;
        await Store.CompleteAsync(new CompleteAttempt
        {
            WorkItemId = probe,
            Attempt = 1,
            Worker = Worker("tired").Name,
            Outcome = AttemptOutcome.Failed,
            ExitCode = 1,
            Secret = secret,
            ErrorClass = ErrorClasses.Exit,
            Message = "fatal: cannot open /srv/repo9/9: error 9",
        });
        var reopened = (await BreakersAsync()).Single(b => b.Scope == BreakerScopes.Account);
        Assert.That((reopened.Status, reopened.Trips, reopened.CoolDownSeconds), Is.EqualTo((BreakerStatuses.Open, 2, 2 * CoolDown.TotalSeconds)));

        // An operator's reset closes it at once.
        Assert.That((await new BreakerQueries(Store.Database, Store.Clock).ResetAsync(reopened.Id, default))!.Status, Is.EqualTo(BreakerStatuses.Closed));
        Assert.That((await ClaimAsync(next, 1, Worker("tired") with { Name = "w-tired-2" })).Granted, Is.Not.Null);
    }

    [Test]
    public async Task When_attempts_end_by_faults_Should_count_nothing()
    {
        for (var i = 0; i < 4; i++)
        {
            var id = await Store.SubmitAsync();
            await Store.ClaimAsync(id, 1, Worker("a"));
            await Store.CompleteAsync(new CompleteAttempt
            {
                WorkItemId = id,
                Attempt = 1,
                Worker = Worker("a").Name,
                Outcome = AttemptOutcome.Released,
                ErrorClass = ErrorClasses.Shutdown,
                Message = "worker shutting down",
            });
        }
        Assert.That(await BreakersAsync(), Is.Empty);
    }

    async Task<IReadOnlyList<DispatchHoldScope>> ReadHoldsAsync()
    {
        var hold = new RepoBreakerHold(Store.Database, Options.Create(new BreakerSettings()), Options.Create(new DispatchSettings()),
            Store.Get<BreakerMetrics>());
        await using var connection = await Store.Database.OpenConnectionAsync(default);
        return await hold.ReadAsync(connection, Store.Clock.GetUtcNow(), default);
    }

    static Stamina.Coordinator.WorkItems.Commands.WorkItemSpec Spec(string repo) =>
        new() { Repo = repo, BaseRef = "main", Harness = "command", Command = ["true"], Timeout = TimeSpan.FromMinutes(1) };
}
