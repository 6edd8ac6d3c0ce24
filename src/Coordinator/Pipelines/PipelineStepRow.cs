using System.Text.Json;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Pipelines;

/// <summary>A row of <c>pipeline_steps</c>: its plan is the step's item as JSON.</summary>
public sealed record PipelineStepRow
{
    public int Position { get; init; }
    public string Name { get; init; } = "";
    public bool Review { get; init; }
    public string Plan { get; init; } = "{}";

    public SubmitWorkItem Item() => JsonSerializer.Deserialize<SubmitWorkItem>(Plan, AgentJson.Options) ?? new SubmitWorkItem();
}
