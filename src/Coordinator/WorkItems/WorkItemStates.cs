namespace Stamina.Coordinator.WorkItems;

/// <summary>The state names as stored in <c>work_items.state</c> and shown by the API.</summary>
public static class WorkItemStates
{
    public const string Queued = nameof(Queued);
    public const string Running = nameof(Running);
    public const string Succeeded = nameof(Succeeded);
    public const string Failed = nameof(Failed);
    public const string Cancelled = nameof(Cancelled);

    public static readonly IReadOnlyList<string> All = [Queued, Running, Succeeded, Failed, Cancelled];

    public static bool IsFinished(string state) => state is Succeeded or Failed or Cancelled;
}
