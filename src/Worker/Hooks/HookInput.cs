using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stamina.Worker.Hooks;

/// <summary>What a hook reads on its stdin, as JSON (camelCase): the item, the attempt, and for a post-task hook its outcome.</summary>
public sealed record HookInput
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary><c>preTask</c>, <c>postTask</c> or <c>healthCheck</c>.</summary>
    public string Hook { get; init; } = "";
    public string Worker { get; init; } = "";
    public string Pool { get; init; } = "";
    public string? Account { get; init; }
    public Guid? Id { get; init; }
    public int? Attempt { get; init; }
    public string? Repo { get; init; }
    public string? Prompt { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public string? Worktree { get; init; }
    public string? Branch { get; init; }

    /// <summary>Post-task: how the command ended (<c>succeeded</c>), its exit code and what it pushed.</summary>
    public HookOutcome? Outcome { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
