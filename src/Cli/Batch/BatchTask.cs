using Stamina.Cli.Api;

namespace Stamina.Cli.Batch;

/// <summary>One task of a task file, ready to submit: its index, where it starts in the file ("tasks.yml:7:5") and the request.</summary>
internal sealed record BatchTask(int Index, string Location, SubmitItemRequest Request)
{
    public string Name => $"tasks[{Index}]";
}
