using Stamina.FakeAgent.Runs;

namespace Stamina.FakeAgent.Dialects;

/// <summary>
/// The events of one CLI's stream. A run calls <see cref="Start"/>, then turns, then exactly one ending,
/// which returns the exit code the real CLI would have.
/// </summary>
interface IAgentDialect
{
    /// <summary>The first bytes of an event, for a stream cut off mid-line.</summary>
    string HalfEvent { get; }

    void Start();

    /// <summary>The assistant's first words after a resume: <c>Resumed session ID</c>.</summary>
    void Resumed();

    /// <summary>One model call that uses a tool; <paramref name="edit"/> is the tool's real effect.</summary>
    void Turn(TurnUsage usage, Action edit);

    /// <summary>An event that shows the agent is alive but not finishing.</summary>
    void StillWorking(int count);

    /// <param name="answer">The final message (and structured output) to give instead of the usual "Done".</param>
    int Succeed(int exitCode, FinalAnswer? answer);
    int Fail(string message);
    int TurnLimit();
    int BudgetLimit();
    int UsageLimit(DateTimeOffset resetsAt);
    int AuthFailure();
}
