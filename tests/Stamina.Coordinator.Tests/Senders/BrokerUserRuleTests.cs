using Stamina.Contracts;
using Stamina.Coordinator.Senders;

namespace Stamina.Coordinator.Tests.Senders;

public class BrokerUserRuleTests
{
    [TestCase("stamina-worker-w1", "w1", true)]
    [TestCase("stamina-worker-w2", "w1", false)]
    [TestCase("stamina-worker-w1", "w1x", false)]
    [TestCase("stamina-worker-w1", "W1", false)]
    [TestCase("stamina-worker-", "", false)]
    [TestCase("stamina-worker-w1", null, false)]
    [TestCase("stamina", "w1", true)]
    [TestCase("stamina-coordinator", "anyone", true)]
    [TestCase(null, "w1", false)]
    [TestCase("", "w1", false)]
    public void A_worker_user_Should_speak_only_for_its_own_name_and_a_shared_user_for_any(string? user, string? worker, bool allowed) =>
        Assert.That(BrokerUserRule.Allows(user, worker), Is.EqualTo(allowed));

    [Test]
    public void Every_message_a_worker_sends_Should_name_its_worker()
    {
        var unnamed = MessageRoutes.Routed(MessageRoute.WorkerToCoordinator)
            .Where(type => ReportSender.WorkerOf(Activator.CreateInstance(type)!) is null)
            .Select(type => type.Name)
            .ToList();

        Assert.That(unnamed, Is.Empty, "add these to ReportSender.WorkerOf, or a worker user could send them naming anyone");
    }

    [Test]
    public void A_message_of_the_coordinator_Should_name_no_worker() =>
        Assert.That(ReportSender.WorkerOf(new ClaimGranted()), Is.Null);
}
