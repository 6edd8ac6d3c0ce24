using Stamina.FakeAgent.Cli;

namespace Stamina.FakeAgent.Runs;

/// <summary>The facts of one run that every event repeats.</summary>
sealed record RunSession
{
    public required Invocation Invocation { get; init; }
    public required string SessionId { get; init; }
    public required string Model { get; init; }
    public required string WorkingDirectory { get; init; }
    public required string Prompt { get; init; }

    /// <summary>The worker's STAMINA_ATTEMPT, or "-" when it is not set.</summary>
    public required string AttemptLabel { get; init; }

    public bool Resumed => Invocation.ResumeId is not null;

    /// <summary>The line turn <paramref name="turn"/> appends to FAKE_AGENT.md; tools in the stream quote it.</summary>
    public string WorkLine(int turn) => $"attempt {AttemptLabel} session {SessionId} turn {turn}";
}
