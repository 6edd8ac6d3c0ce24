namespace Stamina.Coordinator.Pipelines;

/// <summary>How a reviewer's feedback is added to the reviewed step's prompt for its next round.</summary>
public static class ReviewFeedback
{
    public static string AppendTo(string prompt, string stepName, int round, string feedback) => $"""
        {prompt.TrimEnd()}

        ---
        Review round {round} of step '{stepName}' asked for a revision. Your earlier work is in this directory;
        change it as the reviewer asks:

        {feedback.Trim()}
        """;
}
