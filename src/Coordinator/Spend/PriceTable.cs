using Microsoft.Extensions.Options;
using Stamina.Contracts;

namespace Stamina.Coordinator.Spend;

/// <summary>
/// Gives a cost to an agent's progress that reports tokens but no cost (Codex, Gemini), from <see cref="PriceSettings"/>.
/// Applied where the coordinator records progress (heartbeats and results), so the attempt's stored cost, the metrics and
/// the spend caps all see the same number. A reported cost always wins.
/// </summary>
public sealed class PriceTable(IOptions<PriceSettings> settings)
{
    public AgentProgress? Priced(AgentProgress? progress)
    {
        if (progress is not { CostUsd: null, Model: { Length: > 0 } model } || !settings.Value.Models.TryGetValue(model, out var price))
            return progress;
        return progress with { CostUsd = CostOf(progress, price) };
    }

    /// <summary>
    /// Codex and Gemini count cached tokens inside their input tokens, so the cached part is priced apart and the
    /// rest at the input price.
    /// </summary>
    public static decimal CostOf(AgentProgress progress, ModelPrice price)
    {
        var cached = Math.Min(progress.CacheReadTokens, progress.InputTokens);
        var input = price.InputPerMillionUsd ?? 0m;
        var cost = (progress.InputTokens - cached) * input
            + cached * (price.CachedInputPerMillionUsd ?? input)
            + progress.OutputTokens * (price.OutputPerMillionUsd ?? 0m);
        return Math.Round(cost / 1_000_000m, 6);
    }
}
