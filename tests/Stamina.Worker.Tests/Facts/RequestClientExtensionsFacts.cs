using Microsoft.Extensions.Time.Testing;
using Stamina.Contracts;
using Stamina.Worker.Execution;

namespace Stamina.Worker.Tests.Facts;

/// <summary>A request that hangs and ignores its cancellation is abandoned at its limit; the next one goes through.</summary>
[TestFixture]
public sealed class RequestClientExtensionsFacts
{
    [Test]
    public async Task GetResponseWithin_GivesUpOnAHungCall_AndTheNextCallIsAnswered()
    {
        await using var coordinator = await CoordinatorHarness<RenewLease>.StartAsync(new FakeTimeProvider(FakeTime.Start));
        var renewed = new LeaseRenewed { WorkItemId = Guid.NewGuid(), Attempt = 1 };
        coordinator.Script.Then(renewed);
        var (client, hanging) = HangingRequestClient<RenewLease>.Wrap(coordinator.Client(), hangs: 1);
        var request = new RenewLease { WorkItemId = renewed.WorkItemId, Attempt = 1, Worker = "w" };
        var limit = TimeSpan.FromMilliseconds(300);

        var hung = client.GetResponseWithinAsync<RenewLease, LeaseRenewed, LeaseLost>(request, limit, TimeProvider.System, CancellationToken.None);
        Assert.That(await Task.WhenAny(hung, Task.Delay(TimeSpan.FromSeconds(30))), Is.SameAs(hung), "abandoned at its limit, not waited for");
        Assert.That(async () => await hung, Throws.InstanceOf<TimeoutException>());

        var answer = await client.GetResponseWithinAsync<RenewLease, LeaseRenewed, LeaseLost>(request, TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);

        Assert.That(answer.Message, Is.InstanceOf<LeaseRenewed>());
        Assert.That(hanging.Hung, Is.EqualTo(1));
    }
}
