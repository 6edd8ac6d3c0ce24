using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Tests.WorkItems;

/// <summary>A drained worker's claim is refused without penalty, and the item goes to another worker at once.</summary>
[TestFixture]
public sealed class WorkerDrainSpecs : WorkItemSpecs
{
    [Test]
    public async Task When_a_drained_worker_claims_Should_refuse_saying_so_and_another_worker_takes_the_item()
    {
        var id = await Items.SubmitAsync();
        Items.Journal.DrainedWorkers[WorkItemHarness.WorkerA.Name] = true;

        var response = await Items.ClaimAsync(id, 1, WorkItemHarness.WorkerA);

        Assert.That(response.Is(out Response<ClaimRejected>? rejected), Is.True);
        Assert.That((rejected!.Message.WorkerDrained, rejected.Message.Reason), Is.EqualTo((true, $"worker {WorkItemHarness.WorkerA.Name} is drained")));
        var item = Items.Item(id);
        Assert.That((item.CurrentState, item.Attempt, item.Failures, item.RepublishNow), Is.EqualTo((WorkItemStates.Queued, 0, 0, true)),
            "no attempt used, no failure, republished at once");

        Assert.That(await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerB), Is.EqualTo(1));
    }
}
