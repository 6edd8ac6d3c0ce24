using Stamina.Coordinator.Dependencies;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Tests.Dependencies;

/// <summary>The release/skip rule for a Pending item, state by state.</summary>
[TestFixture]
public sealed class DependencyDecisionTests
{
    static DependencyRow Row(string key, string state, bool baseFrom = false, string? branch = null) =>
        new() { DependsOn = Guid.NewGuid(), BatchKey = key, State = state, BaseFrom = baseFrom, Branch = branch };

    [Test]
    public void While_a_dependency_runs_Should_wait() =>
        Assert.That(DependencyDecision.For([Row("a", WorkItemStates.Succeeded), Row("b", WorkItemStates.Running)], DependencyPolicies.Skip).Verdict,
            Is.EqualTo(DependencyDecision.Wait));

    [Test]
    public void When_all_succeeded_Should_release_from_the_baseFrom_branch()
    {
        var decision = DependencyDecision.For(
            [Row("a", WorkItemStates.Succeeded, branch: "stamina/a/1"), Row("b", WorkItemStates.Succeeded, baseFrom: true, branch: "stamina/b/2")],
            DependencyPolicies.Skip);

        Assert.That((decision.Verdict, decision.BaseBranch), Is.EqualTo((DependencyDecision.Release, "stamina/b/2")));
    }

    [TestCase(WorkItemStates.Failed, "dependency a failed")]
    [TestCase(WorkItemStates.Cancelled, "dependency a was cancelled")]
    [TestCase(WorkItemStates.Skipped, "dependency a was skipped")]
    public void When_one_ended_without_success_Should_skip_at_once_naming_it(string state, string reason)
    {
        var decision = DependencyDecision.For([Row("a", state), Row("b", WorkItemStates.Running)], DependencyPolicies.Skip);

        Assert.That((decision.Verdict, decision.Reason), Is.EqualTo((DependencyDecision.Skip, reason)));
    }

    [Test]
    public void Under_run_Should_wait_for_every_end_then_release_from_the_base_ref_when_the_baseFrom_failed()
    {
        var failed = Row("a", WorkItemStates.Failed, baseFrom: true, branch: null);

        Assert.That(DependencyDecision.For([failed, Row("b", WorkItemStates.Queued)], DependencyPolicies.Run).Verdict, Is.EqualTo(DependencyDecision.Wait));
        var decision = DependencyDecision.For([failed, Row("b", WorkItemStates.Succeeded)], DependencyPolicies.Run);
        Assert.That((decision.Verdict, decision.BaseBranch), Is.EqualTo((DependencyDecision.Release, (string?)null)));
    }

    [Test]
    public void A_dependency_outside_any_batch_Should_be_named_by_its_short_id()
    {
        var id = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        var decision = DependencyDecision.For([new DependencyRow { DependsOn = id, State = WorkItemStates.Failed }], DependencyPolicies.Skip);

        Assert.That(decision.Reason, Is.EqualTo("dependency 0f1e2d3c failed"));
    }
}
