using System.Text.Json;
using Stamina.Contracts;

namespace Stamina.Worker.Agents;

/// <summary>Token counts of one message or run, in Anthropic's field names.</summary>
readonly record struct TokenUsage(long Input, long Output, long CacheRead, long CacheCreation)
{
    public static TokenUsage Read(JsonElement usage) => new(
        usage.Long("input_tokens") ?? 0,
        usage.Long("output_tokens") ?? 0,
        usage.Long("cache_read_input_tokens") ?? 0,
        usage.Long("cache_creation_input_tokens") ?? 0);

    public static TokenUsage Sum(IEnumerable<TokenUsage> parts) => parts.Aggregate(
        default(TokenUsage),
        (sum, part) => new TokenUsage(
            sum.Input + part.Input,
            sum.Output + part.Output,
            sum.CacheRead + part.CacheRead,
            sum.CacheCreation + part.CacheCreation));

    public AgentProgress ApplyTo(AgentProgress progress) => progress with
    {
        InputTokens = Input,
        OutputTokens = Output,
        CacheReadTokens = CacheRead,
        CacheCreationTokens = CacheCreation,
    };
}
