using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Pipelines;

/// <summary>
/// One step as validated at submission: the item to make when its turn comes (its base ref is then the branch of
/// the step before). A reviewer step must follow a step that is not one: that is the step it reviews.
/// </summary>
public sealed record PipelineStepPlan
{
    public string Name { get; init; } = "";
    public bool Review { get; init; }
    public SubmitWorkItem Item { get; init; } = new();
}
