using Stamina.Contracts;

namespace Stamina.Worker.Reviews;

/// <summary>What a reviewer step's agent is told about the answer it owes, after its task.</summary>
public static class ReviewPrompt
{
    public static string For(string task, ReviewRequest? review) => review is null ? task : $$"""
        {{task.TrimEnd()}}

        ---
        You are the reviewer of this work (review round {{review.Round}} of {{review.Rounds}}). Review what is in this
        directory; do not change it. End your final message with exactly one fenced JSON block, your verdict:

        ```json
        {"verdict": "approve", "feedback": "", "reason": ""}
        ```

        "verdict" is "approve" (the work is good), "revise" (it needs changes: say which in "feedback") or "block"
        (it cannot go on: say why in "reason").
        """;
}
