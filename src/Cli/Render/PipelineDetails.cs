using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Stamina.Cli.Api;

namespace Stamina.Cli.Render;

/// <summary>The <c>pipeline show</c> view: the pipeline's state, reason and final branch, then one row per step and round.</summary>
static class PipelineDetails
{
    static readonly Style Label = new(Color.Grey);

    public static void Write(IAnsiConsole console, Pipeline pipeline, DateTimeOffset now)
    {
        var fields = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        void Row(string label, IRenderable value) => fields.AddRow(new Text(label, Label), value);
        void TextRow(string label, string? value) => Row(label, new Text(string.IsNullOrEmpty(value) ? "-" : value));
        TextRow("Pipeline", pipeline.Id.ToString("D"));
        Row("State", State(pipeline.State));
        if (pipeline.Reason is { Length: > 0 } reason)
            TextRow("Reason", reason);
        TextRow("Final branch", pipeline.FinalBranch);
        TextRow("Review rounds", pipeline.ReviewRounds.ToString(CultureInfo.InvariantCulture));
        TextRow("Created", TimeText.Absolute(pipeline.CreatedAt, now));
        TextRow("Updated", TimeText.Absolute(pipeline.UpdatedAt, now));
        console.Write(fields);
        console.WriteLine();

        var table = TableStyle.Create("STEP", "KIND", "ROUND", "STATE", "ITEM", "BRANCH", "VERDICT");
        foreach (var step in pipeline.Steps ?? [])
        {
            var kind = step.Review ? "review" : "work";
            if (step.Rounds is not { Count: > 0 } rounds)
            {
                table.AddRow(new Text(step.Name ?? "?"), new Text(kind), new Text("-"), StateStyle.Item(step.State), new Text("-"), new Text("-"), new Text("-"));
                continue;
            }
            foreach (var round in rounds)
            {
                var verdict = round.Verdict is null ? "-"
                    : round.Verdict + (round.Feedback is { Length: > 0 } feedback ? $": {feedback}" : "") + (round.Reason is { Length: > 0 } why ? $" ({why})" : "");
                table.AddRow(new Text(step.Name ?? "?"), new Text(kind), new Text(round.Round.ToString(CultureInfo.InvariantCulture)),
                    StateStyle.Item(round.State), new Text(round.ItemId.ToString("D")), new Text(round.Branch ?? "-"), new Text(verdict));
            }
        }
        console.Write(table);
    }

    static Text State(string? state) => state switch
    {
        "Approved" => new Text(state, new Style(Color.Green)),
        "Blocked" => new Text(state, new Style(Color.Red, decoration: Decoration.Bold)),
        _ => StateStyle.Item(state),
    };
}
