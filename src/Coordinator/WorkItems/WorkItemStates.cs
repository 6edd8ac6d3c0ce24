namespace Stamina.Coordinator.WorkItems;

/// <summary>The state names as stored in <c>work_items.state</c> and shown by the API.</summary>
public static class WorkItemStates
{
    /// <summary>Waits for its dependencies (<c>after</c>); released to <see cref="Queued"/> when they all succeeded.</summary>
    public const string Pending = nameof(Pending);
    public const string Queued = nameof(Queued);
    public const string Running = nameof(Running);
    public const string Succeeded = nameof(Succeeded);
    public const string Failed = nameof(Failed);
    public const string Cancelled = nameof(Cancelled);

    /// <summary>Ended without running: a dependency failed, was cancelled or was skipped (the reason is kept).</summary>
    public const string Skipped = nameof(Skipped);

    public static readonly IReadOnlyList<string> All = [Pending, Queued, Running, Succeeded, Failed, Cancelled, Skipped];

    public static bool IsFinished(string state) => state is Succeeded or Failed or Cancelled or Skipped;

    /// <summary>The finished states as an SQL list, <c>('Succeeded', …)</c>, for <c>state in …</c>: one list for every query.</summary>
    public const string FinishedSql = $"('{Succeeded}', '{Failed}', '{Cancelled}', '{Skipped}')";

    /// <summary>Finished without success: what ends a dependant as Skipped (unless it runs anyway).</summary>
    public static bool IsUnsuccessful(string state) => state is Failed or Cancelled or Skipped;
}
