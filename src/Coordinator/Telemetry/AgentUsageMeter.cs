using System.Diagnostics.Metrics;
using Stamina.Contracts;
using Stamina.Coordinator.Journal;
using static Stamina.Coordinator.Telemetry.CoordinatorMetrics;

namespace Stamina.Coordinator.Telemetry;

/// <summary>Agent tokens (by type) and cost in USD by pool, account, harness and model, counted live from progress.</summary>
sealed class AgentUsageMeter(Meter meter, AgentUsageLedger ledger)
{
    readonly Counter<long> tokens = meter.CreateCounter<long>("stamina.agent.tokens", description: "Tokens used by agents, by type");
    readonly ModelLabels models = new();
    readonly Counter<double> cost = meter.CreateCounter<double>("stamina.agent.cost_usd", description: "Cost reported by agents, in USD");

    public void Count(string pool, Guid item, int attempt, AttemptFacts facts, AgentProgress progress)
    {
        var delta = ledger.Count(item, attempt, facts.Usage, AgentUsage.Of(progress));
        var account = Tag("account", facts.Account ?? Outcomes.None);
        var harness = Tag("harness", facts.Harness ?? Outcomes.None);
        var model = Tag("model", models.Of(progress.Model ?? facts.Model));
        Add(delta.InputTokens, "input");
        Add(delta.OutputTokens, "output");
        Add(delta.CacheReadTokens, "cache_read");
        Add(delta.CacheCreationTokens, "cache_creation");
        if (delta.CostUsd > 0)
            cost.Add((double)delta.CostUsd, Tag("pool", pool), account, harness, model);

        void Add(long count, string type)
        {
            if (count > 0)
                tokens.Add(count, Tag("pool", pool), account, harness, model, Tag("type", type));
        }
    }
}
