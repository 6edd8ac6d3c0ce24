using Stamina.Coordinator.Dependencies;

namespace Stamina.Coordinator.Tests.Dependencies;

/// <summary>The order of a batch's tasks, and cycles named by their keys.</summary>
[TestFixture]
public sealed class DependencyGraphTests
{
    [Test]
    public void A_diamond_Should_come_out_with_every_task_after_its_dependencies()
    {
        // ship after lint and test; lint and test after build.
        var (order, cycle) = DependencyGraph.Sort(["ship", "build", "lint", "test"], [[2, 3], [], [1], [1]]);

        Assert.That(cycle, Is.Null);
        Assert.That(order, Is.EqualTo(new[] { 1, 2, 3, 0 }));
    }

    [Test]
    public void Independent_tasks_Should_keep_their_order() =>
        Assert.That(DependencyGraph.Sort(["a", "b", "c"], [[], [], []]).Order, Is.EqualTo(new[] { 0, 1, 2 }));

    [Test]
    public void A_cycle_Should_be_named_along_its_path_at_the_task_that_closes_it()
    {
        var (order, cycle) = DependencyGraph.Sort(["setup", "build", "test"], [[], [2], [1]]);

        Assert.That(order, Is.Null);
        Assert.That(cycle!.Value.Path, Is.EqualTo(new[] { "build", "test", "build" }));
        Assert.That(cycle.Value.At, Is.EqualTo(2));
    }

    [Test]
    public void A_task_after_itself_Should_be_a_cycle_of_one() =>
        Assert.That(DependencyGraph.Sort(["a"], [[0]]).Cycle!.Value.Path, Is.EqualTo(new[] { "a", "a" }));

    [Test]
    public void A_long_cycle_behind_a_chain_Should_leave_the_chain_out_of_its_name()
    {
        var (_, cycle) = DependencyGraph.Sort(["entry", "a", "b", "c"], [[1], [2], [3], [1]]);

        Assert.That(cycle!.Value.Path, Is.EqualTo(new[] { "a", "b", "c", "a" }));
    }
}
