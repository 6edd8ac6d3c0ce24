namespace Stamina.Coordinator.Tests.WorkItems;

/// <summary>Specs of the work item saga: each test gets a fresh <see cref="WorkItemHarness"/> (in-memory bus, fake clock).</summary>
public abstract class WorkItemSpecs
{
    protected WorkItemHarness Items { get; private set; } = null!;

    [SetUp]
    public async Task StartHarnessAsync() => Items = await WorkItemHarness.StartAsync();

    [TearDown]
    public async Task StopHarnessAsync() => await Items.DisposeAsync();
}
