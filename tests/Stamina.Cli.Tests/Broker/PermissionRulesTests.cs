using System.Text.RegularExpressions;
using Stamina.Cli.Broker;

namespace Stamina.Cli.Tests.Broker;

/// <summary>The patterns themselves; tests/Stamina.EndToEnd.Tests/BrokerUsersTests proves them on the real broker.</summary>
public sealed class PermissionRulesTests
{
    static readonly BrokerPermissions Worker = PermissionRules.Worker(new WorkerAccount("w1", "default"));

    [TestCase("stamina.pool.default")]
    [TestCase("stamina.worker.w1.bus-0123abcd")]
    [TestCase("stamina.worker.w1.attempt-cancelled-0123abcd")]
    [TestCase("Stamina.Contracts:AttemptCancelled")]
    public void When_a_worker_reads_its_own_pool_endpoints_and_broadcasts_Should_be_allowed(string name) =>
        Assert.That(Regex.IsMatch(name, Worker.Read), Is.True);

    [TestCase("stamina.pool.night")]
    [TestCase("stamina.pool.default2")]
    [TestCase("stamina.coordinator.work-items")]
    [TestCase("stamina.worker.w2.bus-0123abcd")]
    [TestCase("stamina.worker.w1.x.bus-0123abcd")]
    [TestCase("Stamina.Contracts:ClaimWorkItem")]
    public void When_a_worker_reads_what_is_not_its_own_Should_be_refused(string name) =>
        Assert.That(Regex.IsMatch(name, Worker.Read), Is.False);

    [TestCase("Stamina.Contracts:ClaimWorkItem")]
    [TestCase("Stamina.Contracts:RenewLease")]
    [TestCase("Stamina.Contracts:CompleteAttempt")]
    [TestCase("Stamina.Contracts:TranscriptChunk")]
    [TestCase("Stamina.Contracts:WorkerHeartbeat")]
    [TestCase("Stamina.Contracts:RegisterWorker")]
    [TestCase("stamina.pool.default_error")]
    public void When_a_worker_publishes_what_workers_send_Should_be_allowed(string name) =>
        Assert.That(Regex.IsMatch(name, Worker.Write), Is.True);

    [TestCase("stamina.pool.night")]
    [TestCase("Stamina.Contracts:ExecuteWorkItem")]
    [TestCase("Stamina.Contracts:ClaimGranted")]
    [TestCase("Stamina.Contracts:LeaseLost")]
    [TestCase("Stamina.Contracts:AttemptCancelled")]
    [TestCase("Stamina.Contracts:PruneAttemptBranches")]
    [TestCase("Stamina.Coordinator.WorkItems.Commands:SubmitWorkItem")]
    [TestCase("stamina.coordinator.work-items")]
    [TestCase("stamina.worker.w2.bus-0123abcd")]
    public void When_a_worker_publishes_what_only_the_coordinator_publishes_Should_be_refused(string name) =>
        Assert.That(Regex.IsMatch(name, Worker.Write), Is.False);

    [TestCase("stamina.pool.night")]
    [TestCase("stamina.coordinator.work-items")]
    [TestCase("Stamina.Contracts:ExecuteWorkItem")]
    [TestCase("Stamina.Contracts:ClaimGranted")]
    public void When_a_worker_declares_or_deletes_what_is_not_its_own_Should_be_refused(string name) =>
        Assert.That(Regex.IsMatch(name, Worker.Configure), Is.False);

    [TestCase("w1:")]
    [TestCase(":default")]
    [TestCase("w 1:default")]
    [TestCase("w1:Night")]
    [TestCase("-w1:default")]
    public void When_a_worker_is_named_badly_Should_be_a_usage_error(string text)
    {
        var exception = Assert.Throws<CliException>(() => WorkerAccount.Parse(text));
        Assert.That(exception!.ExitCode, Is.EqualTo(ExitCodes.Usage));
    }
}
