using System.Text.Json;
using Stamina.Contracts;

namespace Stamina.Coordinator.Dispatch;

sealed record DispatchCandidate
{
    public Guid Id { get; init; }
    public int Attempt { get; init; }
    public string Pool { get; init; } = "";
    public int? PublishedToken { get; init; }
    public string Repo { get; init; } = "";
    public string BaseRef { get; init; } = "";
    public string Harness { get; init; } = "";
    public string CommandJson { get; init; } = "[]";
    public string Prompt { get; init; } = "";
    public int TimeoutSeconds { get; init; }
    public string AgentJson { get; init; } = "{}";
    public string? TraceParent { get; init; }
    public string? LabelsJson { get; init; }

    /// <summary>The token the item's message carries: its next attempt.</summary>
    public int Token => Attempt + 1;

    /// <summary>Published under this token before: its message went missing.</summary>
    public bool Republished => PublishedToken == Token;

    public ExecuteWorkItem ToMessage() => new()
    {
        WorkItemId = Id,
        Attempt = Token,
        Repo = Repo,
        BaseRef = BaseRef,
        Harness = Harness,
        Command = JsonSerializer.Deserialize<string[]>(CommandJson) ?? [],
        Prompt = Prompt,
        Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
        Pool = Pool,
        Agent = JsonSerializer.Deserialize<AgentOptions>(AgentJson, Journal.AgentJson.Options) ?? new AgentOptions(),
        Labels = LabelsJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(LabelsJson),
    };
}
