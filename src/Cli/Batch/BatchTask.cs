using Stamina.Cli.Api;

namespace Stamina.Cli.Batch;

/// <summary>
/// One task of a task file, ready to submit: its index, where it starts in the file ("tasks.yml:7:5"), the request, and
/// its key in the batch (its <c>name</c>, else <c>tasks[i]</c>) with its dependency fields as written, for messages.
/// </summary>
sealed record BatchTask(int Index, string Location, SubmitItemRequest Request)
{
    public string Name => $"tasks[{Index}]";

    public string Key { get; init; } = "";
    public FieldValue? NameField { get; init; }
    public FieldValue? AfterField { get; init; }
    public FieldValue? BaseFromField { get; init; }
}
