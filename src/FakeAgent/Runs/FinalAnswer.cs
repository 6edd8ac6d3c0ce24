using System.Text.Json.Nodes;
using Stamina.FakeAgent.Directives;

namespace Stamina.FakeAgent.Runs;

/// <summary>What a successful run says last: its final message, and the structured output when a schema asked for one.</summary>
sealed record FinalAnswer(string Text, JsonObject? Structured)
{
    /// <summary>Null when the run has no verdict to give: the dialect's usual "Done" message.</summary>
    public static FinalAnswer? For(VerdictDirective? verdict, bool schemaGiven)
    {
        if (verdict is null || verdict.Kind == "none")
            return null;
        if (verdict.Kind == "raw")
            return new FinalAnswer(verdict.Text, null);
        var json = new JsonObject
        {
            ["verdict"] = verdict.Kind,
            ["feedback"] = verdict.Kind == "block" ? "" : verdict.Text,
            ["reason"] = verdict.Kind == "block" ? verdict.Text : "",
        };
        return schemaGiven
            ? new FinalAnswer($"Review done: {verdict.Kind}.", json)
            : new FinalAnswer($"Review done.\n\n```json\n{json.ToJsonString()}\n```", null);
    }
}
