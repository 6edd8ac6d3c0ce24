namespace Stamina.Cli.Tests.Infrastructure;

/// <summary>Answers shaped like the coordinator's, with an unknown field or two to prove the CLI reads tolerantly.</summary>
static class SampleJson
{
    public const string RunningId = "3f2a1b4c-9d7e-4c1a-8b5f-0e6d2c4a1b9f";
    public const string SucceededId = "7c0d2e11-5a4b-4f3e-9c21-a1b2c3d4e5f6";

    public static readonly string SucceededItem = $$"""
        {
          "id": "{{SucceededId}}",
          "repo": "https://git.example/acme/api.git",
          "prompt": "Bump the minor versions and keep the tests green.",
          "harness": "command",
          "command": ["make", "bump", "--minor", "it's"],
          "baseRef": "main",
          "pool": "night",
          "priority": 5,
          "timeout": "00:30:00",
          "maxAttempts": 3,
          "labels": { "team": "infra" },
          "state": "Succeeded",
          "attempt": 2,
          "failures": 1,
          "createdAt": "2025-11-25T20:00:00+00:00",
          "updatedAt": "2025-11-25T20:45:00+00:00",
          "notBefore": null,
          "leaseExpiresAt": null,
          "holder": null,
          "somethingNewer": { "the": "cli ignores it" },
          "attempts": [
            { "number": 1, "worker": "worker-alpha", "machine": "box-1", "account": "claude-a",
              "startedAt": "2025-11-25T20:01:00+00:00", "endedAt": "2025-11-25T20:11:00+00:00",
              "outcome": "failed", "exitCode": 2, "errorClass": "nonZeroExit", "message": "tests failed [see log]" },
            { "number": 2, "worker": "worker-beta", "machine": "box-2",
              "startedAt": "2025-11-25T20:12:00+00:00", "endedAt": "2025-11-25T20:44:00+00:00",
              "outcome": "succeeded", "exitCode": 0, "branch": "stamina/7c0d2e11" }
          ],
          "result": {
            "attempt": 2, "branch": "stamina/7c0d2e11", "baseCommit": "0123456789abcdef0123456789abcdef01234567",
            "headCommit": "fedcba9876543210fedcba9876543210fedcba98", "commits": 2, "filesChanged": 3,
            "insertions": 10, "deletions": 2, "exitCode": 0, "summary": "bumped 3 packages"
          }
        }
        """;

    /// <summary>A minimal item: only what the API always sends, nothing optional.</summary>
    public static readonly string RunningItem = $$"""
        { "id": "{{RunningId}}", "repo": "/srv/git/web.git", "state": "Running", "attempt": 1, "failures": 0,
          "pool": "default", "createdAt": "2025-11-25T21:00:00Z", "updatedAt": "2025-11-25T21:05:00Z", "result": null }
        """;

    public static readonly string ItemList = $$"""{ "items": [ {{RunningItem}}, {{SucceededItem}} ] }""";

    public const string Workers = """
        { "workers": [
            { "name": "worker-alpha", "machine": "box-1", "pool": "night", "account": "claude-a", "state": "busy",
              "currentItem": "3f2a1b4c-9d7e-4c1a-8b5f-0e6d2c4a1b9f", "currentAttempt": 1, "version": "0.1.0",
              "startedAt": "2025-11-25T19:00:00Z", "lastSeenAt": "2025-11-25T21:05:00Z" },
            { "name": "worker-beta", "machine": "box-2", "pool": "night", "state": "offline", "version": "0.1.0",
              "startedAt": "2025-11-25T19:00:00Z", "lastSeenAt": "2025-11-25T20:50:00Z", "cpu": 0.5 }
        ] }
        """;

    public const string BatchId = "5b1e0c2d-3a4f-4e5d-8c7b-9a0f1e2d3c4b";

    public static readonly string Batch = $$"""
        { "id": "{{BatchId}}", "name": "tasks.yml", "origin": "submit", "createdAt": "2025-11-25T21:00:00Z", "total": 2,
          "counts": { "Queued": 1, "Pending": 1 }, "branches": [], "shiny": true,
          "items": [
            { "key": "build", "id": "{{RunningId}}", "state": "Queued", "after": [] },
            { "key": "test", "id": "{{SucceededId}}", "state": "Pending", "after": ["build"] } ] }
        """;
}
