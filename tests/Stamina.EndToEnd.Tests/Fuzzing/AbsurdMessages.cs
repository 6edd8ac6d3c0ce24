using System.Text.Json.Nodes;
using Stamina.Testing.Fuzzing;

namespace Stamina.EndToEnd.Tests.Fuzzing;

/// <summary>
/// Messages of the right shape for their type with absurd values: empty or unknown ids, negative and huge
/// attempts, dates at the ends of the calendar, megabyte strings, a live worker's name. JSON as MassTransit
/// writes it (camelCase), so they deserialize and reach the consumers.
/// </summary>
sealed class AbsurdMessages(Random random, string workerName)
{
    /// <summary>The wire name of a message type: MassTransit's <c>urn:message:NAMESPACE:TYPE</c>.</summary>
    public static string Urn(string type) => type.Contains('.', StringComparison.Ordinal)
        ? $"urn:message:Stamina.Coordinator.WorkItems.Commands:{type[(type.LastIndexOf('.') + 1)..]}"
        : $"urn:message:Stamina.Contracts:{type}";

    public JsonObject Make(string type) => type switch
    {
        "ClaimWorkItem" => new() { ["workItemId"] = Id(), ["attempt"] = Attempt(), ["worker"] = Identity(), ["redelivered"] = random.Next(2) == 0 },
        "DeclineWorkItem" => new() { ["workItemId"] = Id(), ["attempt"] = Attempt(), ["worker"] = Name(), ["reason"] = Text() },
        "RenewLease" => new()
        {
            ["workItemId"] = Id(),
            ["attempt"] = Attempt(),
            ["worker"] = Name(),
            ["lastOutputAt"] = Date(),
            ["progress"] = new JsonObject { ["turns"] = Attempt(), ["lastTool"] = Text() },
            ["checkpoint"] = new JsonObject { ["commit"] = Text(), ["branch"] = Text(), ["sessionId"] = Text(), ["at"] = Date() },
        },
        "CompleteAttempt" => new()
        {
            ["workItemId"] = Id(),
            ["attempt"] = Attempt(),
            ["worker"] = Name(),
            ["account"] = Text(),
            ["outcome"] = random.Next(-5, 20),
            ["exitCode"] = Attempt(),
            ["errorClass"] = random.Pick(["usage_limit", "auth", Text()]),
            ["message"] = Text(),
            ["result"] = new JsonObject { ["branch"] = Text(), ["headCommit"] = Text(), ["commits"] = Attempt(), ["summary"] = Text() },
            ["accountLimitedUntil"] = Date(),
        },
        "Commands.ExpireLease" => new() { ["workItemId"] = Id(), ["attempt"] = Attempt() },
        "Commands.CancelWorkItem" or "Commands.RetryWorkItem" => new() { ["workItemId"] = Id() },
        "WorkerHeartbeat" => new()
        {
            ["worker"] = Identity(),
            ["status"] = random.Next(-3, 12),
            ["currentItem"] = Id(),
            ["currentAttempt"] = Attempt(),
            ["version"] = Text(),
            ["startedAt"] = Date(),
            ["sentAt"] = Date(),
            ["interval"] = Duration(),
            ["limitedUntil"] = Date(),
            ["attention"] = Text(),
        },
        "WorkerStopped" => new() { ["name"] = Name(), ["startedAt"] = Date(), ["stoppedAt"] = Date() },
        "RegisterWorker" => new() { ["worker"] = Identity(), ["startedAt"] = Date(), ["workDir"] = Text(), ["version"] = Text(), ["interval"] = Duration() },
        "AttemptBranchesPruned" => new() { ["pruneId"] = Id(), ["worker"] = Name(), ["repo"] = Text(), ["branches"] = Branches() },
        "ExecuteWorkItem" => new()
        {
            ["workItemId"] = Id(),
            ["attempt"] = Attempt(),
            ["repo"] = Text(),
            ["baseRef"] = Text(),
            ["harness"] = Text(),
            ["command"] = new JsonArray(Text(), Text()),
            ["prompt"] = Text(),
            ["timeout"] = Duration(),
            ["pool"] = Text(),
        },
        // Well-formed chunks too (offset 0, small data, a worker's name): without the holder's secret none is stored.
        "TranscriptChunk" => new()
        {
            ["workItemId"] = Id(),
            ["attempt"] = random.Next(2) == 0 ? 1 : Attempt(),
            ["worker"] = Name(),
            ["secret"] = random.Next(2) == 0 ? null : new JsonObject { ["value"] = Text() },
            ["offset"] = random.Pick<long>([-1, 0, 0, long.MaxValue]),
            ["data"] = random.Next(3) switch { 0 => "", 1 => Convert.ToBase64String(new byte[300 * 1024]), _ => Convert.ToBase64String("{\"type\":\"forged\"}\n"u8.ToArray()) },
            ["final"] = random.Next(2) == 0,
            ["truncated"] = random.Next(2) == 0,
        },
        // Items are made only through the API: a well-formed submission on the broker has no consumer.
        "Commands.SubmitWorkItem" => new()
        {
            ["workItemId"] = Guid.NewGuid().ToString(),
            ["spec"] = new JsonObject
            {
                ["repo"] = "/tmp/forged-repo",
                ["baseRef"] = "main",
                ["harness"] = "",
                ["command"] = new JsonArray("sh", "-c", "touch /tmp/forged"),
                ["prompt"] = "",
                ["timeout"] = "00:10:00",
            },
            ["pool"] = "default",
            ["priority"] = 0,
            ["maxAttempts"] = 1,
        },
        "AttemptCancelled" => new() { ["workItemId"] = Id(), ["attempt"] = Attempt() },
        "ResumeWorker" => new() { ["name"] = Name() },
        // An undrain, as ResumeWorker: a real drain of w1 (the coordinator's own command) would stop the item the test ends with.
        "DrainWorker" => new() { ["name"] = Name(), ["drain"] = false },
        "PruneAttemptBranches" => new() { ["pruneId"] = Id(), ["repo"] = Text(), ["branches"] = Branches() },
        "ClaimGranted" => new()
        {
            ["workItemId"] = Id(),
            ["attempt"] = Attempt(),
            ["leaseExpiresAt"] = Date(),
            ["leaseDuration"] = Duration(),
            ["takeoverAfter"] = Duration(),
        },
        "ClaimRejected" or "LeaseLost" or "CompletionRejected" => new() { ["workItemId"] = Id(), ["attempt"] = Attempt(), ["reason"] = Text() },
        _ => new() { ["workItemId"] = Id(), ["attempt"] = Attempt(), ["name"] = Name() },
    };

    string Id() => random.Next(3) == 0 ? Guid.Empty.ToString() : Guid.NewGuid().ToString();

    int Attempt() => random.Pick([0, -1, 1, 2, int.MaxValue, int.MinValue]);

    string Date() => random.Pick(["9999-12-31T23:59:59.9999999+00:00", "0001-01-01T00:00:00+00:00", "2200-01-01T00:00:00+14:00",
        "1970-01-01T00:00:00-12:00", DateTimeOffset.UtcNow.ToString("O")]);

    string Duration() => random.Pick(["-00:00:01", "00:00:00", "10675199.02:48:05.4775807", "-10675199.02:48:05.4775808", "00:00:00.0000001", "1.00:00:00"]);

    string Name() => random.Next(3) == 0 ? workerName : Text();

    string Text() => random.Next(6) switch
    {
        0 => new string('m', 1024 * 1024),
        1 => random.RandomText(random.Next(1, 200)),
        _ => random.Pick(OddValues.Strings),
    };

    JsonObject Identity() => new() { ["name"] = Name(), ["machine"] = Text(), ["pool"] = random.Pick(["default", Text()]), ["account"] = Text() };

    JsonArray Branches() => [new JsonObject { ["workItemId"] = Id(), ["attempt"] = Attempt(), ["branch"] = random.Pick(["main", "stamina/x/1", "../../x", Text()]) }];
}
