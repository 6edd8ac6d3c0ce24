namespace Stamina.FakeAgent.Runs;

/// <summary>What a run has used so far, summed over its turns.</summary>
sealed class RunTotals
{
    public int Turns { get; private set; }
    public long InputTokens { get; private set; }
    public long OutputTokens { get; private set; }
    public long CacheCreationTokens { get; private set; }
    public long CacheReadTokens { get; private set; }
    public decimal CostUsd { get; private set; }
    public int ToolCalls { get; private set; }

    public long TotalTokens => InputTokens + OutputTokens + CacheCreationTokens + CacheReadTokens;

    /// <summary>Counts one more turn with made-up but plausible usage: the cache grows with the conversation.</summary>
    public TurnUsage AddTurn(decimal cost)
    {
        Turns++;
        ToolCalls++;
        var usage = new TurnUsage(
            Turns,
            InputTokens: 40 + (10 * Turns),
            OutputTokens: 120 + (5 * Turns),
            CacheCreationTokens: Turns == 1 ? 4000 : 300,
            CacheReadTokens: Turns == 1 ? 0 : 4000 + (300 * (Turns - 1)),
            cost);
        InputTokens += usage.InputTokens;
        OutputTokens += usage.OutputTokens;
        CacheCreationTokens += usage.CacheCreationTokens;
        CacheReadTokens += usage.CacheReadTokens;
        CostUsd += cost;
        return usage;
    }
}
