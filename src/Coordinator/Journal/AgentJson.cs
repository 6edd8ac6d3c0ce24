using System.Text.Json;

namespace Stamina.Coordinator.Journal;

/// <summary>How agent options are stored in <c>work_item_specs.agent</c>: camelCase, nulls left out.</summary>
public static class AgentJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
