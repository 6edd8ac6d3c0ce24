namespace Stamina.Cli.Tests.Infrastructure;

/// <summary>Answers of the agent-era API: an agent item with progress and attempt details, workers with account state, stats.</summary>
static class SampleAgentJson
{
    public const string AgentId = "5e6f7a8b-1c2d-4e3f-9a0b-c1d2e3f4a5b6";
    public const string QueuedId = "9a8b7c6d-0000-4e3f-9a0b-c1d2e3f4a5b6";

    public static readonly string RunningAgentItem = $$"""
        {
          "id": "{{AgentId}}", "repo": "/srv/git/api.git", "prompt": "Fix the flaky lease test", "harness": "claude",
          "pool": "night", "state": "Running", "attempt": 2, "failures": 0, "holder": "worker-alpha",
          "createdAt": "2025-11-25T21:00:00Z", "updatedAt": "2025-11-25T21:05:00Z",
          "agent": { "model": "sonnet", "skillLevel": "senior", "maxTurns": 40, "maxBudgetUsd": 2.5, "stallTimeout": "00:10:00",
                     "appendSystemPrompt": null, "taskFile": ".task.md" },
          "progress": { "sessionId": "sess-42", "model": "claude-sonnet-4-5", "turns": 7, "toolUses": 12, "lastTool": "Bash",
                        "inputTokens": 12345, "outputTokens": 2100, "cacheReadTokens": 50000, "cacheCreationTokens": 3000,
                        "costUsd": 0.4215, "lastEventAt": "2025-11-25T21:09:50Z" },
          "costUsd": 0.61,
          "attempts": [
            { "number": 1, "worker": "worker-beta", "account": "claude-b", "harness": "claude", "model": "claude-sonnet-4-5",
              "startedAt": "2025-11-25T21:00:10Z", "endedAt": "2025-11-25T21:02:00Z", "outcome": "released",
              "errorClass": "usage_limit", "message": "usage limit reached", "turns": 3, "toolUses": 4, "inputTokens": 4000,
              "outputTokens": 900, "costUsd": 0.1885, "accountLimitedUntil": "2025-11-26T02:00:00Z", "transcriptBytes": 5120 },
            { "number": 2, "worker": "worker-alpha", "account": "claude-a", "harness": "claude", "model": "claude-sonnet-4-5",
              "startedAt": "2025-11-25T21:03:00Z", "turns": 7, "inputTokens": 12345, "outputTokens": 2100, "costUsd": 0.4215 }
          ],
          "result": null
        }
        """;

    public static string Item(string id, string state, int attempt = 0, string extra = "") => $$"""
        { "id": "{{id}}", "repo": "r", "state": "{{state}}", "attempt": {{attempt}}, "failures": 0, "pool": "night",
          "createdAt": "2025-11-25T21:00:00Z", "updatedAt": "2025-11-25T21:05:00Z"{{extra}} }
        """;

    public static string List(params string[] items) => $$"""{ "items": [ {{string.Join(",", items)}} ] }""";

    public const string Workers = """
        { "workers": [
            { "name": "worker-alpha", "machine": "box-1", "pool": "night", "account": "claude-a", "state": "busy",
              "currentItem": "5e6f7a8b-1c2d-4e3f-9a0b-c1d2e3f4a5b6", "currentAttempt": 2, "limitedUntil": null, "attention": null },
            { "name": "worker-beta", "machine": "box-2", "pool": "night", "account": "claude-b", "state": "limited",
              "limitedUntil": "2025-11-26T02:00:00Z", "attention": null },
            { "name": "worker-gamma", "machine": "box-3", "pool": "day", "account": "codex-a", "state": "paused",
              "limitedUntil": null, "attention": "not logged in: run codex login" }
        ] }
        """;

    public const string Stats = """
        {
          "items": { "queued": 4, "running": 2, "succeeded": 17, "failed": 3, "cancelled": 1, "total": 27 },
          "attempts": { "total": 31, "succeeded": 17, "failed": 6, "released": 5, "lost": 1, "usageLimited": 2 },
          "agents": { "costUsd": 12.3456, "inputTokens": 1234567, "outputTokens": 45678, "cacheReadTokens": 9876543,
                      "cacheCreationTokens": 12000, "turns": 412 },
          "workers": { "idle": 1, "busy": 2, "limited": 1, "paused": 1, "draining": 0, "offline": 3 },
          "pools": [ { "pool": "default", "queued": 1, "running": 0 }, { "pool": "night", "queued": 3, "running": 2 } ],
          "somethingNewer": true
        }
        """;
}
