using Stamina.Contracts;
using Stamina.Coordinator.Items;
using Stamina.Coordinator.Tests.Infrastructure;
using Stamina.Coordinator.WorkItems;
using Stamina.Coordinator.WorkItems.Commands;
using Stamina.Coordinator.WorkItems.Creation;

namespace Stamina.Coordinator.Tests.Dependencies;

/// <summary>
/// Dependants move in their dependency's transaction, on both stores: released when it succeeds, skipped (transitively)
/// when it is cancelled, back to Pending when it is retried; an item whose dependency already ended is decided at submit.
/// </summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class DependencyStoreTests(string kind) : StoreFixture(kind)
{
    [Test]
    public async Task When_a_dependency_is_cancelled_and_retried_Should_skip_then_bring_back_its_dependants_transitively()
    {
        var a = await Store.SubmitAsync();
        var b = await SubmitAfterAsync([a]);
        var c = await SubmitAfterAsync([b]);
        Assert.That(await StateAsync(b), Is.EqualTo(WorkItemStates.Pending));
        var waiting = await Store.Get<ItemQueries>().GetAsync(c, CancellationToken.None);
        Assert.That(waiting!.Waiting, Is.EqualTo(new WaitingReason(WaitingKinds.Dependency, $"waiting for {b.ToString("N")[..8]} (Pending)")));

        await CommandAsync(new CancelWorkItem { WorkItemId = a });
        Assert.That((await StateAsync(b), await StateAsync(c)), Is.EqualTo((WorkItemStates.Skipped, WorkItemStates.Skipped)));
        var skipped = await Store.Get<ItemQueries>().GetAsync(c, CancellationToken.None);
        Assert.That(skipped!.SkipReason, Is.EqualTo($"dependency {b.ToString("N")[..8]} was skipped"));

        await CommandAsync(new RetryWorkItem { WorkItemId = a });
        Assert.That((await StateAsync(a), await StateAsync(b), await StateAsync(c)),
            Is.EqualTo((WorkItemStates.Queued, WorkItemStates.Pending, WorkItemStates.Pending)));
    }

    [Test]
    public async Task When_a_dependency_succeeds_Should_release_its_dependant_onto_its_branch()
    {
        var a = await Store.SubmitAsync();
        var b = await SubmitAfterAsync([a], baseFrom: a);
        await Store.ClaimAsync(a, 1, WorkerA);

        await Store.CompleteAsync(new CompleteAttempt
        {
            WorkItemId = a,
            Attempt = 1,
            Worker = WorkerA.Name,
            Outcome = AttemptOutcome.Succeeded,
            Result = new AttemptResult { Branch = "stamina/a/1", BaseCommit = new string('1', 40), HeadCommit = new string('2', 40), Commits = 1 },
        });

        var released = await Store.Get<ItemQueries>().GetAsync(b, CancellationToken.None);
        // Released: it waits only for a worker now (none runs in this test), no longer for its dependency.
        Assert.That((released!.State, released.BaseRef, released.Waiting?.Kind), Is.EqualTo((WorkItemStates.Queued, "stamina/a/1", WaitingKinds.Worker)));
    }

    [Test]
    public async Task When_the_dependency_already_failed_at_submit_Should_skip_at_once_or_release_under_run()
    {
        var a = await Store.SubmitAsync();
        await CommandAsync(new CancelWorkItem { WorkItemId = a });

        var skipped = await Creator.CreateAsync(After([a]), CancellationToken.None);
        var anyway = await Creator.CreateAsync(After([a]) with { OnDependencyFailure = "run", BaseFrom = a }, CancellationToken.None);

        Assert.That((skipped.State, anyway.State), Is.EqualTo((WorkItemStates.Skipped, WorkItemStates.Queued)));
        var released = await Store.Get<ItemQueries>().GetAsync(anyway.WorkItemId, CancellationToken.None);
        Assert.That(released!.BaseRef, Is.EqualTo("main"), "its baseFrom was cancelled: it starts from its own base ref");
    }

    static readonly WorkerIdentity WorkerA = new() { Name = "worker-a", Machine = "m1", Pool = "default" };

    ItemCreator Creator => Store.Get<ItemCreator>();

    async Task<Guid> SubmitAfterAsync(Guid[] after, Guid? baseFrom = null)
    {
        var submission = After(after) with { BaseFrom = baseFrom };
        await Creator.CreateAsync(submission, CancellationToken.None);
        return submission.WorkItemId;
    }

    static SubmitWorkItem After(Guid[] after) => new()
    {
        WorkItemId = Guid.NewGuid(),
        Pool = "default",
        MaxAttempts = 3,
        After = after,
        Spec = new WorkItemSpec { Repo = "/srv/repo", BaseRef = "main", Harness = "command", Command = ["true"], Timeout = TimeSpan.FromMinutes(1) },
    };

    async Task CommandAsync<T>(T command)
        where T : class
    {
        var answer = await Store.Bus.GetRequestClient<T>().GetResponse<WorkItemCommandResult>(command);
        Assert.That(answer.Message.Accepted, Is.True, answer.Message.Reason);
    }

    async Task<string> StateAsync(Guid id) => (await Store.Get<ItemQueries>().GetAsync(id, CancellationToken.None))!.State;
}
