namespace Stamina.Coordinator.Pipelines;

/// <summary>A pipeline's states as stored in <c>pipelines.state</c> and shown by the API.</summary>
public static class PipelineStates
{
    public const string Running = nameof(Running);

    /// <summary>Ended well, and its last reviewer approved.</summary>
    public const string Approved = nameof(Approved);

    /// <summary>Ended well without a reviewer step.</summary>
    public const string Succeeded = nameof(Succeeded);

    /// <summary>A reviewer blocked it, or asked for more revisions than its rounds allow.</summary>
    public const string Blocked = nameof(Blocked);

    /// <summary>A step's item failed (a retry of that item resumes the pipeline).</summary>
    public const string Failed = nameof(Failed);

    /// <summary>A step's item was cancelled (a retry of that item resumes the pipeline).</summary>
    public const string Cancelled = nameof(Cancelled);
}
