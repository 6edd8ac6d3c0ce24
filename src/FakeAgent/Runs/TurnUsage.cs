namespace Stamina.FakeAgent.Runs;

/// <summary>Tokens and cost of one model call.</summary>
sealed record TurnUsage(int Number, long InputTokens, long OutputTokens, long CacheCreationTokens, long CacheReadTokens, decimal CostUsd);
